using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace AssemblyToProcess.CompilerShapes
{
    // Awaits go through Task.Run with ConfigureAwait(false) so that they really suspend and resume on another thread,
    // whatever synchronization context the caller has.

    public static class AsyncMethod
    {
        public static long Run(int n) => SumAsync(n).GetAwaiter().GetResult();

        public static void Forever(StrongBox<long> progress) => SpinAsync(progress).GetAwaiter().GetResult();

        private static async Task<long> SumAsync(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                if (i % 16 == 0)
                {
                    sum += await Task.Run(() => i * 2).ConfigureAwait(false);
                }

                try
                {
                    sum += await Completed(i).ConfigureAwait(false);
                }
                finally
                {
                    sum++;
                }
            }

            return sum;
        }

        private static async Task SpinAsync(StrongBox<long> progress)
        {
            while (true)
            {
                progress.Value++;
                if (progress.Value % 256 == 0)
                {
                    await Task.Run(() => { }).ConfigureAwait(false);
                }
            }
        }

        private static ValueTask<int> Completed(int i) => new(i % 5);
    }

    // A method stopped after it suspended faults its task; the method awaiting it then resumes, on another thread and
    // still in the scope that stopped it, and must take the interrupt into its own task, not throw it out of MoveNext.
    public static class AwaitOfAStoppedMethod
    {
        public static long Run(int n) => AwaitAsync(SumAfterSuspendingAsync(n)).GetAwaiter().GetResult();

        public static void Forever(StrongBox<long> progress) => AwaitAsync(SpinAfterSuspendingAsync(progress)).GetAwaiter().GetResult();

        private static async Task<long> AwaitAsync(Task<long> task) => 1 + await task.ConfigureAwait(false);

        private static async Task<long> SumAfterSuspendingAsync(int n)
        {
            await Task.Run(() => { }).ConfigureAwait(false);
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += i;
            }

            return sum;
        }

        private static async Task<long> SpinAfterSuspendingAsync(StrongBox<long> progress)
        {
            await Task.Run(() => { }).ConfigureAwait(false);
            while (true)
            {
                progress.Value++;
            }
        }
    }

    public static class AsyncIterator
    {
        public static long Run(int n) => SumAsync(Values(n)).GetAwaiter().GetResult();

        public static void Forever(StrongBox<long> progress) => SumAsync(Search(progress)).GetAwaiter().GetResult();

        private static async Task<long> SumAsync(IAsyncEnumerable<long> values)
        {
            long sum = 0;
            await foreach (var value in values.ConfigureAwait(false))
            {
                sum += value;
            }

            return sum;
        }

        private static async IAsyncEnumerable<long> Values(int n)
        {
            for (var i = 0; i < n; i++)
            {
                if (i % 16 == 0)
                {
                    await Task.Run(() => { }).ConfigureAwait(false);
                }

                try
                {
                    yield return i * 3;
                }
                finally
                {
                    i++;
                }
            }
        }

        /// <summary>Loops without yielding, so only the async iterator's own checkpoint can stop it.</summary>
        private static async IAsyncEnumerable<long> Search(StrongBox<long> progress)
        {
            while (true)
            {
                progress.Value++;
                if (progress.Value % 256 == 0)
                {
                    await Task.Run(() => { }).ConfigureAwait(false);
                }

                if (progress.Value < 0)
                {
                    yield return progress.Value;
                }
            }
        }
    }

    public static class AsyncVoidMethod
    {
        public static long Run(int n)
        {
            var result = new TaskCompletionSource<long>();
            Sum(n, result);
            return result.Task.GetAwaiter().GetResult();
        }

        /// <summary>Only ends when interrupted; as with any async void method, what it throws goes to the
        /// synchronization context it started on.</summary>
        public static async void FireAndForgetForever(StrongBox<long> progress)
        {
            while (true)
            {
                progress.Value++;
                if (progress.Value % 256 == 0)
                {
                    await Task.Run(() => { }).ConfigureAwait(false);
                }
            }
        }

        private static async void Sum(int n, TaskCompletionSource<long> result)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                if (i % 16 == 0)
                {
                    await Task.Run(() => { }).ConfigureAwait(false);
                }

                sum += i % 9;
            }

            result.SetResult(sum);
        }
    }
}
