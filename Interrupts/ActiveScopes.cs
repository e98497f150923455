using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// Which scopes are open, process-wide and on the current logical flow; the slow path of a checkpoint.
    /// </summary>
    internal static class ActiveScopes
    {
        /// <summary>
        /// Scopes open anywhere in the process. Checkpoints read it on every tick and leave at once while it is zero.
        /// </summary>
        internal static volatile int OpenCount;

        // The truth about the current flow's scopes: an AsyncLocal, so that they follow await and stay off other threads.
        // Reading an AsyncLocal walks the ExecutionContext, too slow for a tick; its change handler, which runs whenever
        // the value or the thread's context changes, mirrors it into a thread-static that a tick reads in one load.
        private static readonly AsyncLocal<CheckScope?> s_innermost = new AsyncLocal<CheckScope?>(OnInnermostChanged);

        [ThreadStatic]
        private static CheckScope? t_innermost;

        [ThreadStatic]
        private static bool t_inCallback;

        internal static CheckScope? Innermost
        {
            get => t_innermost;
            set => s_innermost.Value = value;
        }

        /// <summary>
        /// Charges every scope of the current flow and runs the callbacks that fell due, innermost first, unless
        /// interrupts are held here; then they stay due for the next checkpoint.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static void Tick(int instructions)
        {
            var innermost = t_innermost;
            if (innermost is null || t_inCallback)
            {
                return;
            }

            var due = false;
            for (var scope = innermost; scope != null; scope = scope.Parent)
            {
                due |= scope.Charge(instructions);
            }

            if (due && !HeldInterrupts.AreHeld)
            {
                RunDueCallbacks(innermost);
            }
        }

        private static void RunDueCallbacks(CheckScope innermost)
        {
            // Woven code that a callback calls must not call back into callbacks: it would recurse without end.
            t_inCallback = true;
            try
            {
                for (var scope = innermost; scope != null; scope = scope.Parent)
                {
                    scope.RunCallbackIfDue();
                }
            }
            finally
            {
                t_inCallback = false;
            }
        }

        private static void OnInnermostChanged(AsyncLocalValueChangedArgs<CheckScope?> change) =>
            t_innermost = change.CurrentValue;
    }
}
