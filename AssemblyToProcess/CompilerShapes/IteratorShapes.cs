using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    public static class Iterator
    {
        public static long Run(int n)
        {
            long sum = 0;
            foreach (var value in Multiples(n))
            {
                sum += value;
            }

            return sum;
        }

        /// <summary>The iterator's own loop never yields, so only its checkpoint can stop it.</summary>
        public static void Forever(StrongBox<long> progress)
        {
            foreach (var _ in Search(progress))
            {
            }
        }

        private static IEnumerable<long> Multiples(int n)
        {
            for (var i = 0; i < n; i++)
            {
                if (i % 3 == 0)
                {
                    yield return i;
                }
                else if (i % 7 == 0)
                {
                    yield return -i;
                }
            }
        }

        private static IEnumerable<long> Search(StrongBox<long> progress)
        {
            while (true)
            {
                progress.Value++;
                if (progress.Value < 0)
                {
                    yield return progress.Value;
                }
            }
        }
    }

    public static class IteratorWithFinally
    {
        public static long Run(int n)
        {
            var finallies = new StrongBox<long>();
            long sum = 0;
            foreach (var value in Guarded(n, finallies))
            {
                sum += value;
            }

            foreach (var value in Guarded(n, finallies))
            {
                if (value > n / 2)
                {
                    break;
                }

                sum += value;
            }

            return (sum * 100) + finallies.Value;
        }

        public static void Forever(StrongBox<long> progress)
        {
            foreach (var _ in GuardedSearch(progress))
            {
            }
        }

        private static IEnumerable<long> Guarded(int n, StrongBox<long> finallies)
        {
            for (var i = 0; i < n; i++)
            {
                try
                {
                    yield return i;
                    try
                    {
                        yield return i * 2;
                    }
                    finally
                    {
                        finallies.Value++;
                    }
                }
                finally
                {
                    finallies.Value += 10;
                }
            }
        }

        private static IEnumerable<long> GuardedSearch(StrongBox<long> progress)
        {
            try
            {
                while (true)
                {
                    progress.Value++;
                    if (progress.Value < 0)
                    {
                        yield return progress.Value;
                    }
                }
            }
            finally
            {
                progress.Value++;
            }
        }
    }
}
