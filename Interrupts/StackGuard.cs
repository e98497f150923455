using System;
using System.Runtime.CompilerServices;

namespace Interrupts
{
    /// <summary>
    /// Where each thread's woven code must next look at its stack, and what it finds there: the slow path of
    /// <see cref="Checkpoint.Enter"/>.
    /// </summary>
    /// <remarks>
    /// A thread in a guarded flow keeps two addresses of its stack (as <see cref="Deep"/> makes them: lower is deeper):
    /// the floor, below which the guard's depth is spent, and the next probe, at most <see cref="Step"/> below the last
    /// address probed. Entering a woven method compares the address of a local of <see cref="ProbeHere"/> with the next
    /// probe, so that <see cref="Probe"/> runs once per <see cref="Step"/> of new depth, however many calls that takes.
    /// </remarks>
    internal static class StackGuard
    {
        /// <summary>
        /// How much deeper the stack may go between two looks at what is left of it: less than .NET keeps in reserve
        /// for <see cref="RuntimeHelpers.EnsureSufficientExecutionStack"/> (64 KB, 128 KB on 64-bit), so that a probe
        /// always comes before the reserve is reached.
        /// </summary>
        internal const int Step = 16 * 1024;

        /// <summary>Guards open anywhere in the process: while none is, woven code does not look at its stack.</summary>
        internal static volatile int Open;

        // 0 on a thread whose flow has no guard: no address is below it.
        [ThreadStatic]
        internal static ulong t_nextProbe;

        [ThreadStatic]
        private static ulong t_floor;

        // Native stacks grow down. Mono's interpreter (.NET on WebAssembly) keeps the locals of the code it runs on a
        // stack of its own, which grows up. Read once: the JIT then takes it as a constant.
        private static readonly bool s_growsDown = GrowsDown();

        /// <summary>
        /// The thread now runs a flow whose innermost scope is <paramref name="innermost"/>: its guard, if any, counts
        /// the depth from <paramref name="here"/>, where the thread takes the flow up.
        /// </summary>
        internal static void Enter(Scope? innermost, ulong here)
        {
            here = Deep(here);
            var guard = Scope.InnermostOf<StackGuardScope>(innermost);
            if (guard is null)
            {
                t_nextProbe = t_floor = 0;
                return;
            }

            t_floor = here > (ulong)guard.MaxStackBytes ? here - (ulong)guard.MaxStackBytes : 0;
            t_nextProbe = Math.Max(here > Step ? here - Step : 0, t_floor);
        }

        /// <summary>Woven code entered a method: looks at the stack when it is below the next probe.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static unsafe void ProbeHere()
        {
            // The address of this frame's local stands for the caller's, one frame higher.
            byte local;
            var here = Deep((ulong)&local);
            if (here < t_nextProbe)
            {
                Probe(here);
            }
        }

        /// <summary>
        /// Woven code entered a method at <paramref name="here"/> (as <see cref="Deep"/> makes it), below the next probe:
        /// throws when the guard's depth is spent, unless interrupts are held here, and, held or not, when less stack is
        /// left than .NET keeps in reserve, which would otherwise end the process.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static void Probe(ulong here)
        {
            // Throws InsufficientExecutionStackException itself when the reserve is reached, held or not.
            RuntimeHelpers.EnsureSufficientExecutionStack();
            var floor = t_floor;
            if (here < floor && !HeldHere())
            {
                throw new InsufficientExecutionStackException(
                    $"Woven code went more than the stack guard's {MaxStackBytes() / 1024:N0} KB deep, probably by endless recursion.");
            }

            // Below the floor only while held: probed again at each step, for the reserve.
            var next = here > Step ? here - Step : 0;
            t_nextProbe = here < floor ? next : Math.Max(next, floor);
        }

        /// <summary>An address of the stack, turned so that it decreases as the stack deepens, whichever way it grows.</summary>
        private static ulong Deep(ulong address) => s_growsDown ? address : ulong.MaxValue - address;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static unsafe bool GrowsDown()
        {
            byte here;
            return (ulong)&here > AddressInCallee();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static unsafe ulong AddressInCallee()
        {
            byte there;
            return (ulong)&there;
        }

        private static bool HeldHere() => ActiveScopes.Innermost is { } innermost && HeldInterrupts.AreHeld(innermost);

        private static int MaxStackBytes() => Scope.InnermostOf<StackGuardScope>(ActiveScopes.Innermost)?.MaxStackBytes ?? 0;
    }
}
