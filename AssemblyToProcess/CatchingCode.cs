using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Interrupts;

namespace AssemblyToProcess
{
    /// <summary>
    /// Code that catches what an endless loop throws, in each of the ways libraries do: to wrap it, to return a default,
    /// to retry, to log and rethrow. No checkpoint runs between a catch block and the caller, so only the catch block's
    /// own end can throw an interrupt on. Each counts how far its loop got into <c>spins</c> and the catch blocks that
    /// ran into <c>caught</c>.
    /// </summary>
    public static class CatchingCode
    {
        public static long CatchAndWrap(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                return Spin(spins);
            }
            catch (Exception e)
            {
                caught.Value++;
                throw new InvalidDataException("Exception during deserialization.", e);
            }
        }

        public static long CatchAndReturnDefault(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                return Spin(spins);
            }
            catch
            {
                caught.Value++;
                return -1;
            }
        }

        public static long RetryForever(StrongBox<long> spins, StrongBox<long> caught)
        {
            while (true)
            {
                try
                {
                    return Spin(spins);
                }
                catch (Exception)
                {
                    caught.Value++;
                }
            }
        }

        public static long CatchLogAndRethrow(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                return Spin(spins);
            }
            catch (Exception e) when (e.Message.Length >= 0)
            {
                caught.Value++;
                throw;
            }
        }

        /// <summary>A filter that takes the exception: the catch block runs and returns.</summary>
        public static long CatchWhenTrue(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                return Spin(spins);
            }
            catch (Exception e) when (Note(caught, e))
            {
                return -1;
            }
        }

        /// <summary>A filter that declines the exception: nothing catches it here.</summary>
        public static long CatchWhenFalse(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                return Spin(spins);
            }
            catch (Exception e) when (e is ArgumentException)
            {
                caught.Value++;
                return -1;
            }
        }

        /// <summary>An inner catch wraps, its finally runs, and an outer catch takes the wrapper and returns.</summary>
        public static long NestedTryBlocks(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                try
                {
                    return Spin(spins);
                }
                catch (Exception e)
                {
                    caught.Value++;
                    throw new InvalidOperationException("The inner work failed.", e);
                }
                finally
                {
                    spins.Value = -spins.Value;
                }
            }
            catch (Exception)
            {
                caught.Value++;
                return -1;
            }
        }

        public static long WrapWithAHelper(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                return Spin(spins);
            }
            catch (Exception e)
            {
                caught.Value++;
                throw Wrap(e);
            }
        }

        public static long ThrowFromAHelper(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                return Spin(spins);
            }
            catch (Exception e)
            {
                caught.Value++;
                ThrowWrapped(e);
                return -1;
            }
        }

        public static async Task<long> CatchInAnAsyncMethod(StrongBox<long> spins, StrongBox<long> caught)
        {
            await Task.Yield();
            try
            {
                return Spin(spins);
            }
            catch (Exception)
            {
                caught.Value++;
                return -1;
            }
        }

        /// <summary>
        /// The compiler keeps the exception in a catch block of its own while <c>DisposeAsync</c> runs, outside the
        /// handler, and throws it again after: the disposal must run.
        /// </summary>
        public static async Task<long> AwaitUsing(StrongBox<long> spins, StrongBox<long> caught)
        {
            await using (new CountingAsyncDisposable(caught))
            {
                await Task.Yield();
                return Spin(spins);
            }
        }

        public static IEnumerable<long> CatchInAnIterator(StrongBox<long> spins, StrongBox<long> caught)
        {
            while (true)
            {
                long value;
                try
                {
                    value = Spin(spins);
                }
                catch (Exception)
                {
                    caught.Value++;
                    value = -1;
                }

                yield return value;
            }
        }

        /// <summary>A catch that names the interrupts' base type, inside the scope that stops it.</summary>
        public static long CatchCancellation(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                return Spin(spins);
            }
            catch (OperationCanceledException)
            {
                caught.Value++;
                return -1;
            }
        }

        /// <summary>
        /// A catch in a finally block, which runs while an interrupt passes: it handles an exception of the cleanup, and the
        /// cleanup goes on to its end.
        /// </summary>
        public static long CatchInAFinallyBlock(StrongBox<long> spins, StrongBox<long> caught)
        {
            try
            {
                return Spin(spins);
            }
            finally
            {
                try
                {
                    throw new IOException("The cleanup failed once.");
                }
                catch (IOException)
                {
                    caught.Value++;
                }

                caught.Value += 10;
            }
        }

        /// <summary>
        /// Opens a budget of its own and catches what stops it outside that scope: there the catch ends the interrupt,
        /// and the method returns.
        /// </summary>
        public static long StopWithinABudgetOfItsOwn(StrongBox<long> spins, StrongBox<long> caught, long instructions)
        {
            try
            {
                using (Interrupt.Budget(instructions))
                {
                    return Spin(spins);
                }
            }
            catch (InstructionBudgetExceededException)
            {
                caught.Value++;
                return -1;
            }
        }

        private static long Spin(StrongBox<long> spins)
        {
            while (true)
            {
                spins.Value++;
            }
        }

        private static bool Note(StrongBox<long> caught, Exception e)
        {
            caught.Value++;
            return e != null;
        }

        private sealed class CountingAsyncDisposable(StrongBox<long> disposals) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                disposals.Value++;
                return default;
            }
        }

        private static Exception Wrap(Exception e) => new InvalidDataException("Exception during deserialization.", e);

        private static void ThrowWrapped(Exception e) => throw new InvalidDataException("Exception during deserialization.", e);
    }
}
