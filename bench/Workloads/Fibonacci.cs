using System.Threading;

namespace Workloads
{
    /// <summary>Recursion: fib(<see cref="N"/>) the naive way, in 635,621 calls.</summary>
    public static class Fibonacci
    {
        public const int N = 27;

        public static long Run() => Fib(N);

        /// <summary><see cref="Run"/>, checking <paramref name="token"/> at the entry of the recursive function as a user would by hand.</summary>
        public static long RunWithToken(CancellationToken token) => Fib(N, token);

        private static long Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);

        private static long Fib(int n, CancellationToken token)
        {
            token.ThrowIfCancellationRequested();
            return n < 2 ? n : Fib(n - 1, token) + Fib(n - 2, token);
        }
    }
}
