using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Interrupts;

namespace AssemblyToProcess
{
    /// <summary>
    /// Code in which interrupts must be held. Each method sets <c>phase</c> to 1 when it enters the held code and to 2
    /// when that code is done, then spins until interrupted; a callback that records the phase it ran at shows whether
    /// the interrupt was held (2) or delivered inside the held code (1).
    /// </summary>
    public static class HeldRegions
    {
        /// <summary>Long enough (hundreds of thousands of IL instructions) for any test interval to fall due inside.</summary>
        public static long Busy()
        {
            long sum = 0;
            for (var i = 0; i < 100_000; i++)
            {
                sum += i % 7;
            }

            return sum;
        }

        public static void FinallyThenSpin(StrongBox<int> phase)
        {
            try
            {
                phase.Value = 0;
            }
            finally
            {
                SlowlyDecide(phase);
            }

            Loops.SpinForever();
        }

        /// <summary>A try/finally inside a finally block: each handler is held, and the inner one's end does not end
        /// the outer one's hold.</summary>
        public static void NestedFinallyThenSpin(StrongBox<int> phase)
        {
            try
            {
                phase.Value = 0;
            }
            finally
            {
                try
                {
                    phase.Value = 1;
                    Busy();
                }
                finally
                {
                    Busy();
                }

                SlowlyDecide(phase);
            }

            Loops.SpinForever();
        }

        public static void FinallyThatThrows(StrongBox<int> phase)
        {
            try
            {
                phase.Value = 0;
            }
            finally
            {
                phase.Value = 1;
                Busy();
                throw new InvalidOperationException("cleanup failed");
            }
        }

        public static void FilterThenSpin(StrongBox<int> phase)
        {
            try
            {
                throw new InvalidOperationException("to be filtered");
            }
            catch (InvalidOperationException) when (SlowlyDecide(phase))
            {
                Loops.SpinForever();
            }
        }

        public static void StaticConstructorThenSpin(StrongBox<int> phase)
        {
            phase.Value = 1;
            phase.Value = SlowlyInitialized.Value > 0 ? 2 : -1;
            Loops.SpinForever();
        }

        public static long ReadSlowlyInitialized() => SlowlyInitialized.Value;

        public static void UninterruptibleThenSpin(StrongBox<int> phase)
        {
            Uninterruptible(phase);
            Loops.SpinForever();
        }

        /// <summary>Runs a lambda of an [Uninterruptible] type, which the compiler puts in a type nested in it.</summary>
        public static void UninterruptibleLambdaThenSpin(StrongBox<int> phase)
        {
            UninterruptibleType.Work()(phase);
            Loops.SpinForever();
        }

        /// <summary>Enumerates an [Uninterruptible] iterator: its MoveNext holds interrupts, the loop around it does not.</summary>
        public static void UninterruptibleIteratorThenSpin(StrongBox<int> phase)
        {
            foreach (var _ in UninterruptibleSteps(phase))
            {
                Loops.SpinForever();
            }
        }

        /// <summary>Runs an iterator to its end: its finally block, which the compiler moves into a method of its own and
        /// calls from MoveNext outside any handler, holds interrupts.</summary>
        public static void IteratorFinallyThenSpin(StrongBox<int> phase)
        {
            var steps = StepsWithSlowCleanup(phase).GetEnumerator();
            while (steps.MoveNext())
            {
            }

            Loops.SpinForever();
        }

        [Uninterruptible]
        private static void Uninterruptible(StrongBox<int> phase) => SlowlyDecide(phase);

        [Uninterruptible]
        private static IEnumerable<int> UninterruptibleSteps(StrongBox<int> phase)
        {
            SlowlyDecide(phase);
            yield return 1;
        }

        private static IEnumerable<int> StepsWithSlowCleanup(StrongBox<int> phase)
        {
            try
            {
                yield return 1;
                yield return 2;
            }
            finally
            {
                SlowlyDecide(phase);
            }
        }

        private static bool SlowlyDecide(StrongBox<int> phase)
        {
            phase.Value = 1;
            Busy();
            phase.Value = 2;
            return true;
        }
    }

    public static class SlowlyInitialized
    {
        public static readonly long Value;

        // An explicit static constructor, so that it runs at the first access rather than whenever the runtime likes.
        static SlowlyInitialized() => Value = HeldRegions.Busy();
    }

    [Uninterruptible]
    public static class UninterruptibleType
    {
        public static Action<StrongBox<int>> Work() => phase =>
        {
            phase.Value = 1;
            HeldRegions.Busy();
            phase.Value = 2;
        };
    }
}
