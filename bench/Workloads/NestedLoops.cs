using System.Threading;

namespace Workloads
{
    /// <summary>A tight loop nest whose innermost loop is short, so that the loops' own overhead (and a check in each
    /// of them) weighs most.</summary>
    public static class NestedLoops
    {
        public const int Outer = 400;

        private const int Inner = 8;

        public static long Run()
        {
            long total = 0;
            for (var i = 0; i < Outer; i++)
            {
                for (var j = 0; j < Outer; j++)
                {
                    for (var k = 0; k < Inner; k++)
                    {
                        total += (i * j) ^ k;
                    }
                }
            }

            return total;
        }

        /// <summary><see cref="Run"/>, checking <paramref name="token"/> in every loop as a user would by hand.</summary>
        public static long RunWithToken(CancellationToken token)
        {
            long total = 0;
            for (var i = 0; i < Outer; i++)
            {
                token.ThrowIfCancellationRequested();
                for (var j = 0; j < Outer; j++)
                {
                    token.ThrowIfCancellationRequested();
                    for (var k = 0; k < Inner; k++)
                    {
                        token.ThrowIfCancellationRequested();
                        total += (i * j) ^ k;
                    }
                }
            }

            return total;
        }
    }
}
