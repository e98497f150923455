using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace AssemblyToProcess.CompilerShapes
{
    public static class LockStatement
    {
        private static readonly object Sync = new();
        private static readonly Lock Gate = new();

        public static long Run(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                lock (Sync)
                {
                    sum += i;
                }
            }

            lock (Gate)
            {
                for (var i = 0; i < n; i++)
                {
                    sum ^= i;
                }
            }

            return sum;
        }

        /// <summary>Loops forever holding <paramref name="monitor"/> (Monitor.Enter and Exit in a finally).</summary>
        public static void ForeverHoldingMonitor(object monitor, StrongBox<long> progress)
        {
            lock (monitor)
            {
                while (true)
                {
                    progress.Value++;
                }
            }
        }

        /// <summary>Loops forever holding <paramref name="gate"/> (a Lock scope disposed in a finally).</summary>
        public static void ForeverHoldingLock(Lock gate, StrongBox<long> progress)
        {
            lock (gate)
            {
                while (true)
                {
                    progress.Value++;
                }
            }
        }
    }

    public static class UsingStatement
    {
        public static long Run(int n)
        {
            var disposals = new StrongBox<long>();
            long sum = 0;
            for (var i = 0; i < n % 20; i++)
            {
                using (new Resource(disposals))
                {
                    sum += i;
                }

                using var scope = new ScopeStruct(disposals);
                sum += scope.Twice(i);
            }

            using (Resource first = new(disposals), second = new(disposals))
            {
                for (var i = 0; i < n; i++)
                {
                    sum -= i % 4;
                }
            }

            return (sum * 1000) + disposals.Value;
        }

        /// <summary>Loops forever inside a using block over <paramref name="resource"/>.</summary>
        public static void ForeverUsing(IDisposable resource, StrongBox<long> progress)
        {
            using (resource)
            {
                while (true)
                {
                    progress.Value++;
                }
            }
        }

        private sealed class Resource(StrongBox<long> disposals) : IDisposable
        {
            public void Dispose() => disposals.Value++;
        }

        private readonly struct ScopeStruct(StrongBox<long> disposals) : IDisposable
        {
            public long Twice(int i) => 2L * i;

            public void Dispose() => disposals.Value += 100;
        }
    }

    /// <summary>Checked arithmetic: add.ovf, mul.ovf and conv.ovf, and the OverflowException they throw.</summary>
    public static class CheckedArithmetic
    {
        public static long Run(int n)
        {
            long overflows = 0;
            long factorial = 1;
            for (var i = 1; i <= n; i++)
            {
                try
                {
                    factorial = checked(factorial * i);
                }
                catch (OverflowException)
                {
                    overflows++;
                    factorial = 1;
                }
            }

            var sum = 0;
            for (var i = 0; i < n; i++)
            {
                try
                {
                    sum = checked(sum + (int)(uint)(i * 1_000_003));
                    sum = checked((int)(sum + (long)i));
                }
                catch (OverflowException)
                {
                    overflows += 1000;
                }
            }

            return (overflows * 1_000_000) + factorial + sum;
        }
    }
}
