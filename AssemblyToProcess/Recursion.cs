using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace AssemblyToProcess
{
    /// <summary>Recursion without a base case: it ends by an interrupt or a stack overflow.</summary>
    public static class Recursion
    {
        /// <summary>Counts each frame it enters in <paramref name="entered"/>, and in <paramref name="unwound"/>
        /// each frame whose finally block ran.</summary>
        public static int Descend(StrongBox<int> entered, StrongBox<int> unwound)
        {
            entered.Value++;
            try
            {
                return Descend(entered, unwound) + 1;
            }
            finally
            {
                unwound.Value++;
            }
        }

        /// <summary>
        /// <see cref="Descend"/>, starting with a small loop: the method's entry takes the loop's lease, and looks at the
        /// stack all the same.
        /// </summary>
        public static int DescendAfterALoop(StrongBox<int> entered, StrongBox<int> unwound)
        {
            var steps = 0;
            for (var i = 0; i < 3; i++)
            {
                steps += i;
            }

            entered.Value++;
            try
            {
                return DescendAfterALoop(entered, unwound) + steps;
            }
            finally
            {
                unwound.Value++;
            }
        }

        /// <summary>Descends from a thread-pool thread, after an await.</summary>
        public static async Task<int> DescendAfterAwait(StrongBox<int> entered, StrongBox<int> unwound)
        {
            await Task.Yield();
            return Descend(entered, unwound);
        }

        /// <summary>Descends from a finally block, where interrupts are held.</summary>
        public static int DescendInFinally(StrongBox<int> entered, StrongBox<int> unwound)
        {
            try
            {
                entered.Value++;
            }
            finally
            {
                Descend(entered, unwound);
            }

            return 0;
        }

        public static bool IsEven(int n) => n == 0 || IsOdd(n - 1);

        public static bool IsOdd(int n) => n != 0 && IsEven(n - 1);
    }
}
