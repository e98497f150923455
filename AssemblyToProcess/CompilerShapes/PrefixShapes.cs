using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    /// <summary>Interface calls on a generic T: constrained. callvirt, on value and reference types alike.</summary>
    public static class ConstrainedCall
    {
        public static long Run(int n)
        {
            var numbers = new List<int>();
            for (var i = 0; i < n; i++)
            {
                numbers.Add(i % 10);
            }

            return Total(numbers) + Hash(numbers.ToArray()) + Hash(new[] { "a", "b" });
        }

        public static void Forever(StrongBox<long> progress) => Spin(new Stepper(), progress);

        private static long Total<T>(IEnumerable<T> items)
            where T : IConvertible
        {
            long total = 0;
            foreach (var item in items)
            {
                total += item.ToInt64(null);
            }

            return total;
        }

        private static long Hash<T>(T[] items)
            where T : notnull
        {
            long hash = 0;
            for (var i = 0; i < items.Length; i++)
            {
                hash = (hash * 31) + items[i].ToString()!.Length;
            }

            return hash;
        }

        private static void Spin<T>(T stepper, StrongBox<long> progress)
            where T : IStepper
        {
            while (true)
            {
                stepper.Step(progress);
            }
        }

        private interface IStepper
        {
            void Step(StrongBox<long> progress);
        }

        private readonly struct Stepper : IStepper
        {
            public void Step(StrongBox<long> progress) => progress.Value++;
        }
    }

    /// <summary>Volatile fields: every access is volatile.-prefixed.</summary>
    public static class VolatileField
    {
        private static volatile int _flag;

        public static long Run(int n)
        {
            var box = new Box();
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                _flag = i;
                box.Value = _flag * 2;
                sum += box.Value;
            }

            return sum;
        }

        /// <summary>Polls a volatile flag that is never set, as a worker waiting for a stop request would.</summary>
        public static void Forever(StrongBox<long> progress)
        {
            _flag = 0;
            while (_flag == 0)
            {
                progress.Value++;
            }
        }

        private sealed class Box
        {
            public volatile int Value;
        }
    }

    /// <summary>A method called on an element of a generic T[]: readonly. ldelema, then constrained. callvirt.</summary>
    public static class ReadonlyElementAddress
    {
        public static long Run(int n)
        {
            var numbers = new int[n];
            var words = new string[n];
            for (var i = 0; i < n; i++)
            {
                numbers[i] = (i * 13) % 7;
                words[i] = new string('w', i % 5);
            }

            return CountBelow(numbers, 3) + (1000L * CountBelow(words, "www"));
        }

        public static void Forever(StrongBox<long> progress) => Spin(new[] { 1, 2, 3 }, 3, progress);

        private static int CountBelow<T>(T[] items, T limit)
            where T : IComparable<T>
        {
            var count = 0;
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i].CompareTo(limit) < 0)
                {
                    count++;
                }
            }

            return count;
        }

        private static void Spin<T>(T[] items, T limit, StrongBox<long> progress)
            where T : IComparable<T>
        {
            while (true)
            {
                if (items[progress.Value % items.Length].CompareTo(limit) < 0)
                {
                    progress.Value++;
                }
                else
                {
                    progress.Value += 2;
                }
            }
        }
    }
}
