using System;

namespace Interrupts
{
    /// <summary>
    /// Where callbacks must not run: the regions the weaver marks (finally and fault handlers, exception filters, static
    /// constructors, <see cref="UninterruptibleAttribute"/> code) and <see cref="Interrupt.Suppress"/> scopes. Scopes
    /// are still charged there; a callback that falls due stays due and runs at the first checkpoint after.
    /// </summary>
    internal static class HeldInterrupts
    {
        // Woven regions are entered and left by the same frame, synchronously (a handler cannot await), so a
        // thread-static depth is exact and costs one load and one store per region.
        [ThreadStatic]
        private static int t_regionDepth;

        /// <summary>
        /// Whether nothing may be delivered here: inside a woven region, or in a flow whose chain of scopes (from
        /// <paramref name="innermost"/> outwards) holds an <see cref="Interrupt.Suppress"/> scope.
        /// </summary>
        internal static bool AreHeld(Scope innermost) => t_regionDepth != 0 || AreSuppressed(innermost);

        /// <summary>Whether the chain of scopes from <paramref name="innermost"/> outwards holds an <see cref="Interrupt.Suppress"/> scope.</summary>
        internal static bool AreSuppressed(Scope innermost) => Scope.InnermostOf<SuppressionScope>(innermost) != null;

        /// <summary>Enters a woven region; returns the depth to restore when it ends.</summary>
        internal static int EnterRegion()
        {
            var outer = t_regionDepth;
            t_regionDepth = outer + 1;
            return outer;
        }

        /// <summary>
        /// Leaves a woven region by restoring the depth it started from rather than counting down, so that a region
        /// that never reached its end (an exception filter that threw: filters cannot hold a finally) stops holding
        /// when any region around it ends.
        /// </summary>
        internal static void ExitRegion(int outerDepth) => t_regionDepth = outerDepth;
    }
}
