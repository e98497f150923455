using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// Which scopes are open on the current logical flow, whether any checkpoint in the process has to look at them, and
    /// the slow path of a checkpoint.
    /// </summary>
    internal static class ActiveScopes
    {
        /// <summary>
        /// Non-zero while some checkpoint somewhere has work: a counting scope is open (it needs every checkpoint), or a
        /// signal is waiting to be delivered (a raised buffer, a cancelled token, a passed deadline). Checkpoints read it
        /// and leave at once while it is zero; so scopes fed from outside cost nothing until they fire.
        /// </summary>
        internal static volatile int Attention;

        /// <summary>Scopes open anywhere in the process, whether or not they need checkpoints now.</summary>
        internal static volatile int OpenCount;

        // The truth about the current flow's scopes: an AsyncLocal, so that they follow await and stay off other threads.
        // Reading an AsyncLocal walks the ExecutionContext, too slow for a tick; its change handler, which runs whenever
        // the value or the thread's context changes, mirrors it into a thread-static that a tick reads in one load.
        private static readonly AsyncLocal<Scope?> s_innermost = new AsyncLocal<Scope?>(OnInnermostChanged);

        [ThreadStatic]
        private static Scope? t_innermost;

        [ThreadStatic]
        private static bool t_inCallback;

        [ThreadStatic]
        private static Exception? t_lastInterrupt;

        internal static Scope? Innermost
        {
            get => t_innermost;
            set => s_innermost.Value = value;
        }

        /// <summary>
        /// Charges every scope of the current flow and delivers what fell due, innermost first, unless interrupts are
        /// held here; then it stays due for the next checkpoint.
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
                Deliver(innermost);
            }
        }

        private static void Deliver(Scope innermost)
        {
            // Woven code that a callback calls must not call back into callbacks: it would recurse without end.
            t_inCallback = true;
            try
            {
                for (var scope = innermost; scope != null; scope = scope.Parent)
                {
                    scope.Deliver();
                }
            }
            catch (Exception interrupt) when (Remember(interrupt))
            {
                // Not reached: the filter only records the exception as it passes, leaving its stack trace whole.
            }
            finally
            {
                t_inCallback = false;
            }
        }

        /// <summary>Whether <paramref name="exception"/> is the last one a checkpoint threw on this thread.</summary>
        internal static bool IsInterrupt(Exception exception) => ReferenceEquals(exception, t_lastInterrupt);

        private static bool Remember(Exception interrupt)
        {
            t_lastInterrupt = interrupt;
            return false;
        }

        private static void OnInnermostChanged(AsyncLocalValueChangedArgs<Scope?> change) =>
            t_innermost = change.CurrentValue;
    }
}
