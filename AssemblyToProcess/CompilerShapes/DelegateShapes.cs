using System;
using System.Linq;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    public static class Lambda
    {
        public static long Run(int n)
        {
            Func<int, long> square = i => (long)i * i;
            Func<int, long> triangle = i =>
            {
                long sum = 0;
                for (var j = 0; j <= i; j++)
                {
                    sum += j;
                }

                return sum;
            };
            return Enumerable.Range(0, n).Sum(i => square(i) - triangle(i % 50));
        }

        public static void Forever(StrongBox<long> progress)
        {
            Action<StrongBox<long>> spin = p =>
            {
                while (true)
                {
                    p.Value++;
                }
            };
            spin(progress);
        }
    }

    public static class Closure
    {
        public static long Run(int n)
        {
            long total = 0;
            var adders = new Func<long>[n % 40];
            for (var i = 0; i < adders.Length; i++)
            {
                var captured = i;
                adders[i] = () => total += captured;
            }

            for (var round = 0; round < 3; round++)
            {
                foreach (var add in adders)
                {
                    add();
                }
            }

            var scale = n % 7;
            Func<int, long> scaled = x => x * scale + total;
            return scaled(n);
        }

        public static void Forever(StrongBox<long> progress)
        {
            var step = 1;
            Action spin = () =>
            {
                while (true)
                {
                    progress.Value += step;
                }
            };
            spin();
        }
    }

    public static class LocalFunction
    {
        public static long Run(int n)
        {
            var offset = n % 11;
            return Fibonacci(n % 25) + Shifted(n) + Count(n);

            static long Fibonacci(int k) => k < 2 ? k : Fibonacci(k - 1) + Fibonacci(k - 2);

            long Shifted(int k)
            {
                long sum = 0;
                for (var i = 0; i < k; i++)
                {
                    sum += i + offset;
                }

                return sum;
            }

            long Count(int k)
            {
                Action bump = () => offset++;
                for (var i = 0; i < k % 30; i++)
                {
                    bump();
                }

                return offset;
            }
        }

        public static void Forever(StrongBox<long> progress)
        {
            var step = 1;
            Spin();

            void Spin()
            {
                while (true)
                {
                    progress.Value += step;
                }
            }
        }
    }

    /// <summary>Delegates to virtual methods: ldvirtftn after a dup of the target.</summary>
    public static class VirtualMethodDelegate
    {
        public static long Run(int n)
        {
            Counter counter = n % 2 == 0 ? new Counter() : new DoublingCounter();
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                Func<int, long> next = counter.Next;
                sum += next(i);
            }

            return sum;
        }

        public class Counter
        {
            public virtual long Next(int i) => i;
        }

        public sealed class DoublingCounter : Counter
        {
            public override long Next(int i) => 2L * i;
        }
    }
}
