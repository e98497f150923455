using System.Threading;

namespace Demo
{
    /// <summary>A long CPU-bound computation that never checks for cancellation: the woven code the demo stops.</summary>
    internal sealed class Primes
    {
        private long _checked;
        private long _found;

        /// <summary>The last number checked so far; read by the progress line on another thread.</summary>
        public long Checked => Volatile.Read(ref _checked);

        public long Found => Volatile.Read(ref _found);

        /// <summary>Counts the primes from 2 upwards, for ever.</summary>
        public void CountForever()
        {
            for (var n = 2L; ; n++)
            {
                if (IsPrime(n))
                {
                    Volatile.Write(ref _found, _found + 1);
                }

                Volatile.Write(ref _checked, n);
            }
        }

        /// <summary>The sum of the primes below <paramref name="limit"/>.</summary>
        public static long SumBelow(long limit)
        {
            long sum = 0;
            for (var n = 2L; n < limit; n++)
            {
                if (IsPrime(n))
                {
                    sum += n;
                }
            }

            return sum;
        }

        private static bool IsPrime(long n)
        {
            for (var divisor = 2L; divisor * divisor <= n; divisor++)
            {
                if (n % divisor == 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
