using System;

namespace Interrupts
{
    /// <summary>
    /// Where callbacks must not run: the regions the weaver marks (finally and fault handlers, exception filters, static
    /// constructors, <see cref="UninterruptibleAttribute"/> code) and <see cref="Interrupt.Suppress"/> scopes. Scopes
    /// are still charged there; a callback that falls due stays due and runs at the first checkpoint after.
    /// </summary>
    /// <remarks>
    /// A hold in untrusted code (a region the load-time weaver bounded, a suppression it rewrote) is bounded: once
    /// something is due, it holds for at most its bound in instructions, and then no longer holds at all until it ends,
    /// so that code which does not want to be stopped cannot hide in a finally block or a static constructor.
    /// </remarks>
    internal static class HeldInterrupts
    {
        /// <summary>The bound of a hold in trusted code.</summary>
        internal const long Unbounded = long.MaxValue;

        private const long NotHeld = -1;

        // Woven regions are entered and left by the same frame, synchronously (a handler cannot await), so a
        // thread-static depth is exact and costs one load and one store per region.
        [ThreadStatic]
        private static int t_regionDepth;

        // The depth of the outermost bounded region open on the thread (0: none), and its bound: regions at that depth
        // or deeper hold for at most the bound. A depth above t_regionDepth is stale: that region has ended.
        [ThreadStatic]
        private static int t_boundedDepth;

        [ThreadStatic]
        private static long t_regionBound;

        // Instructions charged, while something was due, to the bounded hold the thread is in.
        [ThreadStatic]
        private static long t_heldRun;

        /// <summary>
        /// Whether nothing may be delivered here: inside a woven region, or in a flow whose chain of scopes (from
        /// <paramref name="innermost"/> outwards) holds an <see cref="Interrupt.Suppress"/> scope, unless that hold is
        /// bounded and its bound is spent.
        /// </summary>
        internal static bool AreHeld(Scope? innermost) => Holds(Bound(innermost));

        /// <summary>Whether the chain of scopes from <paramref name="innermost"/> outwards holds interrupts by a suppression whose bound is not spent.</summary>
        internal static bool AreSuppressed(Scope innermost) => Holds(SuppressionBound(innermost));

        /// <summary>
        /// Whether what fell due may be delivered at a checkpoint that charged <paramref name="instructions"/>: it is not
        /// held, or the bounded hold that holds it has now run out of its bound.
        /// </summary>
        internal static bool MayDeliver(Scope innermost, long instructions)
        {
            var bound = Bound(innermost);
            if (bound == NotHeld)
            {
                return true;
            }

            if (bound == Unbounded)
            {
                return false;
            }

            t_heldRun = instructions > Unbounded - t_heldRun ? Unbounded : t_heldRun + instructions;
            return t_heldRun > bound;
        }

        /// <summary>Enters a woven region of trusted code; returns the depth to restore when it ends.</summary>
        internal static int EnterRegion()
        {
            var outer = t_regionDepth;
            if (outer < t_boundedDepth)
            {
                t_boundedDepth = 0;
            }

            t_regionDepth = outer + 1;
            return outer;
        }

        /// <summary>
        /// Enters a woven region of untrusted code, which holds for at most <paramref name="bound"/> instructions once
        /// something is due (the bound of the outermost such region counts); returns the depth to restore when it ends.
        /// </summary>
        internal static int EnterBoundedRegion(Scope? innermost, int bound)
        {
            var outer = t_regionDepth;
            if (outer >= t_boundedDepth && t_boundedDepth != 0)
            {
                t_regionDepth = outer + 1;
                return outer;
            }

            StartBoundedHold(innermost);
            t_boundedDepth = outer + 1;
            t_regionBound = bound;
            t_regionDepth = outer + 1;
            return outer;
        }

        /// <summary>
        /// Leaves a woven region by restoring the depth it started from rather than counting down, so that a region
        /// that never reached its end (an exception filter that threw: filters cannot hold a finally) stops holding
        /// when any region around it ends.
        /// </summary>
        internal static void ExitRegion(int outerDepth) => t_regionDepth = outerDepth;

        /// <summary>
        /// A bounded hold starts: its count starts from zero, unless it starts inside another bounded hold, whose count it
        /// goes on with (else untrusted code could renew its bound by entering a region in a loop).
        /// </summary>
        internal static void StartBoundedHold(Scope? innermost)
        {
            var bound = Bound(innermost);
            if (bound == NotHeld || bound == Unbounded)
            {
                t_heldRun = 0;
            }
        }

        private static bool Holds(long bound) => bound != NotHeld && (bound == Unbounded || t_heldRun <= bound);

        /// <summary>The bound of the hold the thread is in: <see cref="NotHeld"/>, <see cref="Unbounded"/>, or instructions.</summary>
        private static long Bound(Scope? innermost)
        {
            var depth = t_regionDepth;
            if (depth == 0)
            {
                return SuppressionBound(innermost);
            }

            return t_boundedDepth != 0 && depth >= t_boundedDepth ? t_regionBound : Unbounded;
        }

        // The innermost suppression decides: one that untrusted code opened inside the host's is bounded.
        private static long SuppressionBound(Scope? innermost) => Scope.InnermostOf<SuppressionScope>(innermost)?.Bound ?? NotHeld;
    }
}
