using System.Runtime.CompilerServices;

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

        public static bool IsEven(int n) => n == 0 || IsOdd(n - 1);

        public static bool IsOdd(int n) => n != 0 && IsEven(n - 1);
    }
}
