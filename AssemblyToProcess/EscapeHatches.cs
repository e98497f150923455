using System;
using System.Runtime.CompilerServices;
using Interrupts;

namespace AssemblyToProcess
{
    /// <summary>
    /// Code that does not want to be stopped: each method spins where interrupts are held, counting its turns in
    /// <c>turns</c>, until it has made <c>most</c> of them. Trusted, each hold lasts to its end; woven as untrusted code,
    /// a hold ends a bounded number of instructions after an interrupt falls due.
    /// </summary>
    public static class EscapeHatches
    {
        // What the static constructor counts with: set before the type is first touched, which runs it.
        private static StrongBox<long> s_constructorTurns = new StrongBox<long>();
        private static long s_constructorMost;

        public static void SpinInFinally(StrongBox<long> turns, long most)
        {
            try
            {
                turns.Value = 0;
            }
            finally
            {
                while (turns.Value < most)
                {
                    turns.Value++;
                }
            }
        }

        /// <summary>The inner filter spins; the outer catch shows what the filter's cut leaves behind.</summary>
        public static void SpinInFilter(StrongBox<long> turns, long most)
        {
            try
            {
                try
                {
                    throw new InvalidOperationException("to be filtered");
                }
                catch (InvalidOperationException) when (Spin(turns, most))
                {
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        [Uninterruptible]
        public static void SpinUninterruptible(StrongBox<long> turns, long most)
        {
            while (turns.Value < most)
            {
                turns.Value++;
            }
        }

        public static void SpinSuppressed(StrongBox<long> turns, long most)
        {
            using (Interrupt.Suppress())
            {
                while (turns.Value < most)
                {
                    turns.Value++;
                }
            }
        }

        /// <summary>Swallows whatever its turns throw, inside a suppression.</summary>
        public static void SpinSuppressedCatchingEverything(StrongBox<long> turns, long most)
        {
            using (Interrupt.Suppress())
            {
                while (turns.Value < most)
                {
                    try
                    {
                        Turn(turns);
                    }
                    catch
                    {
                    }
                }
            }
        }

        /// <summary>Enters a finally block at each turn, inside a suppression, as if to start each hold afresh.</summary>
        public static void SpinSuppressedThroughFinallyBlocks(StrongBox<long> turns, long most)
        {
            using (Interrupt.Suppress())
            {
                while (turns.Value < most)
                {
                    try
                    {
                    }
                    finally
                    {
                        Turn(turns);
                    }
                }
            }
        }

        /// <summary>Runs the static constructor of <see cref="SpinningType"/>, once per load, which spins.</summary>
        public static void SpinInStaticConstructor(StrongBox<long> turns, long most)
        {
            s_constructorTurns = turns;
            s_constructorMost = most;
            SpinningType.Touch();
        }

        private static bool Spin(StrongBox<long> turns, long most)
        {
            while (turns.Value < most)
            {
                turns.Value++;
            }

            return true;
        }

        private static void Turn(StrongBox<long> turns) => turns.Value++;

        private static class SpinningType
        {
            static SpinningType()
            {
                while (s_constructorTurns.Value < s_constructorMost)
                {
                    s_constructorTurns.Value++;
                }
            }

            internal static void Touch()
            {
            }
        }
    }
}
