using System.Threading;

namespace Workloads
{
    /// <summary>A tight loop: the sum of a 4096-int array, <see cref="Repetitions"/> times over.</summary>
    public static class ArraySum
    {
        public const int Repetitions = 1000;

        private static readonly int[] Data = Numbers(4096);

        public static long Run()
        {
            var data = Data;
            long sum = 0;
            for (var repetition = 0; repetition < Repetitions; repetition++)
            {
                for (var i = 0; i < data.Length; i++)
                {
                    sum += data[i];
                }
            }

            return sum;
        }

        /// <summary><see cref="Run"/>, checking <paramref name="token"/> in every loop as a user would by hand.</summary>
        public static long RunWithToken(CancellationToken token)
        {
            var data = Data;
            long sum = 0;
            for (var repetition = 0; repetition < Repetitions; repetition++)
            {
                token.ThrowIfCancellationRequested();
                for (var i = 0; i < data.Length; i++)
                {
                    token.ThrowIfCancellationRequested();
                    sum += data[i];
                }
            }

            return sum;
        }

        private static int[] Numbers(int count)
        {
            var numbers = new int[count];
            for (var i = 0; i < count; i++)
            {
                numbers[i] = i * 7 % 1000;
            }

            return numbers;
        }
    }
}
