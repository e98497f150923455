namespace Workloads
{
    /// <summary>Work that only ends when interrupted, for measuring how soon an interrupt arrives.</summary>
    public static class Endless
    {
        private static long s_sink;

        /// <summary>A tight loop: sums <paramref name="data"/> over and over.</summary>
        public static void SumArray(int[] data)
        {
            while (true)
            {
                long sum = 0;
                for (var i = 0; i < data.Length; i++)
                {
                    sum += data[i];
                }

                s_sink = sum;
            }
        }

        /// <summary>Recursion: computes fib(27) over and over.</summary>
        public static void Fibonacci()
        {
            while (true)
            {
                s_sink = Fib(27);
            }
        }

        private static long Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
    }
}
