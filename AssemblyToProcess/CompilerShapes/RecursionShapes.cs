using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    public static class DirectRecursion
    {
        public static long Run(int n) => Fibonacci(n % 22) + Ackermann(2, n % 50);

        private static long Fibonacci(int n) => n < 2 ? n : Fibonacci(n - 1) + Fibonacci(n - 2);

        private static long Ackermann(long m, long n) =>
            m == 0 ? n + 1 : n == 0 ? Ackermann(m - 1, 1) : Ackermann(m - 1, Ackermann(m, n - 1));
    }

    public static class MutualRecursion
    {
        public static long Run(int n) => Collatz(n + 1, 0);

        /// <summary>Two methods calling each other without end; each call meets the other's entry checkpoint.</summary>
        public static void Forever(StrongBox<long> progress) => Ping(progress);

        private static long Collatz(long value, long steps) => value == 1 ? steps : value % 2 == 0 ? Halve(value, steps) : Triple(value, steps);

        private static long Halve(long value, long steps) => Collatz(value / 2, steps + 1);

        private static long Triple(long value, long steps) => Collatz((3 * value) + 1, steps + 1);

        private static long Ping(StrongBox<long> progress)
        {
            progress.Value++;
            return Pong(progress) + 1;
        }

        private static long Pong(StrongBox<long> progress)
        {
            progress.Value++;
            return Ping(progress) - 1;
        }
    }
}
