using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    public static class Constructors
    {
        public static long Run(int n)
        {
            var derived = new Derived(n);
            var chained = new Derived(n, "chained");
            var point = new Point(n);
            return derived.Total + (chained.Total * 3) + point.Sum + Table.Squares[n % Table.Squares.Length];
        }

        /// <summary>An instance constructor that never returns.</summary>
        public static void Forever(StrongBox<long> progress) => _ = new Spinner(progress);

        public class Base
        {
            public Base(int n)
            {
                for (var i = 0; i < n; i++)
                {
                    Total += i;
                }
            }

            public long Total { get; protected set; }
        }

        public sealed class Derived : Base
        {
            private readonly long _initialized = Triangle(7);

            public Derived(int n)
                : base(n % 50)
            {
                for (var i = 0; i < n; i++)
                {
                    Total -= i % 3;
                }

                Total += _initialized;
            }

            public Derived(int n, string label)
                : this(n + label.Length)
            {
                foreach (var c in label)
                {
                    Total += c;
                }
            }

            private static long Triangle(int n)
            {
                long sum = 0;
                for (var i = 0; i <= n; i++)
                {
                    sum += i;
                }

                return sum;
            }
        }

        public readonly struct Point
        {
            public Point(int n)
            {
                for (var i = 0; i < n % 30; i++)
                {
                    X += i;
                    Y -= i * 2;
                }
            }

            public long X { get; }

            public long Y { get; }

            public long Sum => X + Y;
        }

        /// <summary>A static constructor with a loop. Interrupts are not meant to stop a type initializer, so only its result is tested.</summary>
        public static class Table
        {
            public static readonly long[] Squares;

            static Table()
            {
                Squares = new long[64];
                for (var i = 0; i < Squares.Length; i++)
                {
                    Squares[i] = (long)i * i;
                }
            }
        }

        private sealed class Spinner
        {
            public Spinner(StrongBox<long> progress)
            {
                while (true)
                {
                    progress.Value++;
                }
            }
        }
    }
}
