using System;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
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

        /// <summary>
        /// Non-zero while a method's entry has work: while <see cref="Attention"/> is, or a stack guard is open anywhere.
        /// Entries read it alone, so that a woven method pays one test as it is entered, not one for each.
        /// </summary>
        internal static volatile int EntryAttention;

        /// <summary>Scopes open anywhere in the process, whether or not they need checkpoints now.</summary>
        internal static volatile int OpenCount;

        /// <summary>Signals waiting anywhere in the process; also counted in <see cref="Attention"/>.</summary>
        private static volatile int s_signals;

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

        // What the current flow's allowance (Checkpoint.Allowance) was when last settled with its counting scopes (the
        // grant): a tick that fits the allowance only lowers it, a thread-static write, and the scopes are charged the
        // difference at the next settlement.
        [ThreadStatic]
        private static long t_granted;

        internal static Scope? Innermost
        {
            get => t_innermost;
            set => s_innermost.Value = value;
        }

        /// <summary>
        /// Charges <paramref name="instructions"/> to the scopes of the current flow and delivers what fell due,
        /// innermost first, unless interrupts are held here; then it stays due for the next checkpoint.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static void Tick(int instructions)
        {
            // The common case while a counting scope is open: nothing falls due yet and no signal waits, so the tick
            // only lowers a thread-static allowance. (Inlined into woven code, the thread-static access costs more
            // than this call: measured 26x against 12x on a tight loop.)
            var allowance = Checkpoint.Allowance;
            if (instructions <= allowance && s_signals == 0)
            {
                Checkpoint.Allowance = allowance - instructions;
                return;
            }

            Settle(instructions);
        }

        /// <summary>
        /// Takes up to <paramref name="most"/> of the allowance, as if that many instructions had been charged; none
        /// while a signal waits, so that it is delivered at the first checkpoint.
        /// </summary>
        internal static int Lease(int most)
        {
            var allowance = Checkpoint.Allowance;
            return allowance <= 0 || s_signals != 0 ? 0 : LeaseFrom(allowance, most);
        }

        /// <summary>
        /// <see cref="Tick"/>, then <see cref="Lease"/>, reading and writing the thread-static allowance once: in Mono's
        /// interpreter (.NET on WebAssembly) an access to a thread-static costs several times a static's (a count of
        /// primes whose prime test read and wrote one at entry and exit: 41 ms, a static: 34 ms, neither: 32 ms).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static int TickAndLease(int instructions, int most)
        {
            var allowance = Checkpoint.Allowance;
            if (instructions <= allowance && s_signals == 0)
            {
                return LeaseFrom(allowance - instructions, most);
            }

            Settle(instructions);
            return Lease(most);
        }

        /// <summary>Takes up to <paramref name="most"/> of <paramref name="allowance"/>, 0 or more, and leaves the rest as the allowance.</summary>
        private static int LeaseFrom(long allowance, int most)
        {
            var lease = (int)Math.Min(allowance, most);
            Checkpoint.Allowance = allowance - lease;
            return lease;
        }

        /// <summary>A signal came: every checkpoint settles until it is delivered.</summary>
        internal static void RaiseSignal()
        {
            Interlocked.Increment(ref s_signals);
            Arm();
        }

        /// <summary>A signal was delivered or withdrawn.</summary>
        internal static void LowerSignal()
        {
            Disarm();
            Interlocked.Decrement(ref s_signals);
        }

        /// <summary>Checkpoints everywhere take the slow path until <see cref="Disarm"/>: a counting scope opened, or a signal came.</summary>
        internal static void Arm()
        {
            Interlocked.Increment(ref Attention);
            Interlocked.Increment(ref EntryAttention);
        }

        /// <summary>Undoes one <see cref="Arm"/>.</summary>
        internal static void Disarm()
        {
            Interlocked.Decrement(ref EntryAttention);
            Interlocked.Decrement(ref Attention);
        }

        /// <summary>Settles with the scopes of the current flow at once, as if a checkpoint ran here.</summary>
        internal static void SettleNow() => Settle(0);

        /// <summary>Charges the scopes everything not charged yet, delivers what is due, and grants a new allowance.</summary>
        private static void Settle(int instructions)
        {
            var spent = t_granted - Checkpoint.Allowance + instructions;
            t_granted = Checkpoint.Allowance = 0;
            var innermost = t_innermost;
            if (t_inCallback)
            {
                // Code that a callback runs is not counted.
                return;
            }

            if (innermost is null)
            {
                // A flow with no scope has nothing to count; only a signal, or a scope it opens, brings it back here.
                t_granted = Checkpoint.Allowance = long.MaxValue;
                return;
            }

            if (AllocationLimit.Open != 0)
            {
                AllocationLimit.Charge(innermost);
            }

            if (Charge(innermost, spent) && HeldInterrupts.MayDeliver(innermost, spent))
            {
                Deliver(innermost);
            }

            t_granted = Checkpoint.Allowance = Margin(innermost);
        }

        /// <summary>Charges each scope of the chain; true when one of them is due, as a stopped scope always is.</summary>
        private static bool Charge(Scope innermost, long instructions)
        {
            var due = false;
            for (var scope = innermost; scope != null; scope = scope.Parent)
            {
                due |= scope.Charge(instructions) || scope.Stop != null;
            }

            return due;
        }

        /// <summary>What the chain can be charged before one of its scopes falls due.</summary>
        private static long Margin(Scope innermost)
        {
            var margin = long.MaxValue;
            for (var scope = innermost; scope != null; scope = scope.Parent)
            {
                margin = Math.Min(margin, scope.Stop is null ? scope.Margin : 0);
            }

            return margin;
        }

        private static void Deliver(Scope innermost)
        {
            // Woven code that a callback calls must not call back into callbacks: it would recurse without end.
            t_inCallback = true;
            Scope? scope = null;
            try
            {
                for (scope = innermost; scope != null; scope = scope.Parent)
                {
                    if (scope.Stop is { } stop)
                    {
                        Rethrow(stop);
                    }

                    scope.Deliver();
                }
            }
            catch (Exception interrupt) when (Remember(scope!, interrupt))
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

        private static bool Remember(Scope scope, Exception interrupt)
        {
            t_lastInterrupt = interrupt;
            scope.Observe(interrupt);
            return false;
        }

        /// <summary>
        /// Whether a catch block starting here may end by throwing a stop on: a scope is open on the current flow, and
        /// interrupts are not held here. Asked as the catch starts, because at its end an exception may be on its way
        /// out of held code inside it, which would wrongly hold the catch too.
        /// </summary>
        internal static bool CatchMayResume() => t_innermost is { } innermost && !t_inCallback && !HeldInterrupts.AreHeld(innermost);

        /// <summary>
        /// The interrupt of the innermost stopped scope of the current flow, unless an <see cref="Interrupt.Suppress"/>
        /// scope holds interrupts; null when there is none.
        /// </summary>
        internal static Exception? StopInFlight()
        {
            var innermost = t_innermost;
            if (innermost is null || HeldInterrupts.AreSuppressed(innermost))
            {
                return null;
            }

            for (Scope? scope = innermost; scope != null; scope = scope.Parent)
            {
                if (scope.Stop is { } stop)
                {
                    return stop;
                }
            }

            return null;
        }

        /// <summary>Throws <paramref name="stop"/> again, as itself, keeping the stack trace it was first thrown with.</summary>
        internal static void Rethrow(Exception stop) => ExceptionDispatchInfo.Capture(stop).Throw();

        /// <summary>
        /// The thread now runs another flow, or the flow opened or closed a scope: what the old chain ran since it was
        /// last settled is charged to it (what falls due is delivered when that flow next settles), and the new chain
        /// is settled at its first checkpoint.
        /// </summary>
        private static unsafe void OnInnermostChanged(AsyncLocalValueChangedArgs<Scope?> change)
        {
            if (StackGuard.Open != 0 || StackGuard.t_nextProbe != 0)
            {
                byte here;
                StackGuard.Enter(change.CurrentValue, (ulong)&here);
            }

            if (AllocationLimit.Open != 0)
            {
                AllocationLimit.Charge(change.PreviousValue);
            }

            var spent = t_granted - Checkpoint.Allowance;
            if (spent > 0 && change.PreviousValue is { } previous)
            {
                Charge(previous, spent);
            }

            t_granted = Checkpoint.Allowance = 0;
            t_innermost = change.CurrentValue;
        }
    }
}
