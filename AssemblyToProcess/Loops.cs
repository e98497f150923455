using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace AssemblyToProcess
{
    /// <summary>Loops that only stop when interrupted, and loops that count how far they got.</summary>
    public static class Loops
    {
        public static void SpinForever()
        {
            while (true)
            {
            }
        }

        public static long Sum(long iterations)
        {
            long sum = 0;
            for (long i = 0; i < iterations; i++)
            {
                sum += i;
            }

            return sum;
        }

        /// <summary>
        /// <see cref="Sum"/> with a call before its loop, one IL instruction more: the method's entry cannot take the
        /// lease of the loop's copy, which takes its own as the loop starts.
        /// </summary>
        public static long SumAfterACall(long iterations)
        {
            long sum = Square(0);
            for (long i = 0; i < iterations; i++)
            {
                sum += i;
            }

            return sum;
        }

        /// <summary>A loop whose only call goes to a small method that cannot reach a checkpoint.</summary>
        public static long SumOfSquares(long iterations)
        {
            long sum = 0;
            for (long i = 0; i < iterations; i++)
            {
                sum += Square(i);
            }

            return sum;
        }

        /// <summary>A loop that calls a method with a loop of its own.</summary>
        public static long SumOfSums(long iterations)
        {
            long sum = 0;
            for (long i = 0; i < iterations; i++)
            {
                sum += Sum(i);
            }

            return sum;
        }

        /// <summary>
        /// A loop nest that nothing jumps into, as a do-while loop starts: copied even where every instruction has a
        /// checkpoint; its copy runs the inner loop's condition in place of the jump to it.
        /// </summary>
        public static int CountCells(int rows, int columns)
        {
            var cells = 0;
            var row = 0;
            do
            {
                for (var column = 0; column < columns; column++)
                {
                    cells++;
                }

                row++;
            }
            while (row < rows);

            return cells;
        }

        /// <summary>Counts iterations into <paramref name="progress"/> until interrupted.</summary>
        public static void CountForever(StrongBox<long> progress)
        {
            do
            {
                progress.Value++;
            }
            while (true);
        }

        /// <summary>
        /// Counts twice into <paramref name="progress"/>: no loop, until a weaver that runs before Interrupts (a test's)
        /// branches back from its end to its second count.
        /// </summary>
        public static void CountTwice(StrongBox<long> progress)
        {
            progress.Value++;
            progress.Value++;
        }

        public static void GotoForever(StrongBox<long> progress)
        {
        again:
            progress.Value++;
            goto again;
        }

        public static void ForeachForever(int[] items, StrongBox<long> progress)
        {
            while (true)
            {
                foreach (var item in items)
                {
                    progress.Value += item;
                }
            }
        }

        /// <summary>An endless loop closed by a switch whose jump table points back (a state machine).</summary>
        public static void SwitchForever(StrongBox<long> progress)
        {
        top:
            switch (progress.Value++ % 3)
            {
                case 0:
                    goto top;
                case 1:
                    progress.Value += 10;
                    goto top;
                default:
                    goto top;
            }
        }

        /// <summary>An endless loop in try/catch/finally; its catch takes only what the loop body throws.</summary>
        public static void SpinInTry(StrongBox<int> finallyRuns)
        {
            try
            {
                while (true)
                {
                    try
                    {
                        Nothing();
                    }
                    catch (System.ArgumentException)
                    {
                    }
                }
            }
            finally
            {
                finallyRuns.Value++;
            }
        }

        /// <summary>
        /// Catches every exception and starts again, forever: what untrusted code does to survive being stopped. Counts
        /// its attempts into <paramref name="attempts"/> and the exceptions it swallowed into <paramref name="swallowed"/>.
        /// </summary>
        public static void SwallowEverythingForever(StrongBox<long> attempts, StrongBox<long> swallowed)
        {
            while (true)
            {
                try
                {
                    attempts.Value++;
                    Sum(1000);
                }
                catch
                {
                    swallowed.Value++;
                }
            }
        }

        /// <summary>Sums on this thread, awaits <paramref name="gate"/> and sums again wherever the await resumes.</summary>
        public static async Task<long> SumAroundAwait(Task gate, long iterations)
        {
            var first = Sum(iterations);
            await gate.ConfigureAwait(false);
            return first + Sum(iterations);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Nothing()
        {
        }

        private static long Square(long value) => value * value;
    }
}
