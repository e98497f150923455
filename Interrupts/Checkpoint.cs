using System;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.CompilerServices;

namespace Interrupts
{
    /// <summary>
    /// The calls that Interrupts.Fody weaves into code. Not meant to be called by hand.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Checkpoint
    {
        private const int NotHeld = -1;

        // Inlined into woven code once it is optimized; and compiled optimized at once (AggressiveOptimization, which
        // netstandard2.0 does not name), because code that runs once runs at tier 0, which inlines nothing and calls
        // these: as tier-0 code themselves, they call each other and check their classes' initialization on every
        // call (a woven fib(27) run once took 11 ms against 1.2 ms unwoven).
        private const MethodImplOptions FastPath = MethodImplOptions.AggressiveInlining | (MethodImplOptions)512;

        /// <summary>
        /// Charges <paramref name="instructions"/> IL instructions to the scopes active on the current flow and runs
        /// the callbacks that fall due.
        /// </summary>
        /// <param name="instructions">The IL instructions the woven code runs from this checkpoint to the next.</param>
        [MethodImpl(FastPath)]
        public static void Tick(int instructions)
        {
            // The only code that runs at a checkpoint while nothing needs it (no counting scope open, no signal waiting,
            // anywhere): one read of a static field and a branch that is always predicted. The field is written only
            // when a counting scope opens or closes or a signal comes, so it stays in every core's cache; thread-local
            // state is touched only past this test, because a read-modify-write of it in every loop iteration would
            // chain the iterations through memory (about 3x on a tight loop).
            if (IsArmed)
            {
                ActiveScopes.Tick(instructions);
            }
        }

        /// <summary>
        /// True while checkpoints have work anywhere in the process: a counting scope is open, or a signal waits to be
        /// delivered. A small loop that the weaver copied tests this instead of ticking, and moves to its copy, which
        /// counts, when it is true.
        /// </summary>
        /// <remarks>
        /// Why a loop tests it rather than calling <see cref="Tick"/>: a call in a loop, even one that never runs, makes
        /// the JIT keep everything the loop uses in the few registers a call preserves, and a tight loop then spills its
        /// counter to the stack (about 2x on a one-cycle loop); a test that jumps out of the loop needs no register but
        /// one for the flag's address.
        /// </remarks>
        public static bool IsArmed
        {
            [MethodImpl(FastPath)]
            get => ActiveScopes.Attention != 0;
        }

        /// <summary>
        /// What the current flow's counting scopes may still be charged before one of them falls due. A copied loop adds
        /// to it, as it leaves, what it did not use of its <see cref="Lease"/>; nothing else in woven code touches it.
        /// </summary>
        /// <remarks>
        /// A field that woven code adds to rather than a method it calls: in Mono's interpreter (.NET on WebAssembly) a
        /// call on a loop's way out costs more than the loop when the loop runs a few times, as a prime test's does
        /// (a count of primes by trial division took 107 ms with such a call, 63 ms with the add, 26 ms unwoven). A
        /// lease that an exception ends is not given back, and stays charged.
        /// </remarks>
        [ThreadStatic]
        public static long Allowance;

        /// <summary>
        /// Takes, in advance, up to <paramref name="most"/> instructions from what the current flow's counting scopes
        /// allow before one of them falls due: a copied loop counts them down in a local of its own, without a call,
        /// calls <see cref="Renew"/> when they run out, and adds what is left to <see cref="Allowance"/> when it leaves.
        /// </summary>
        /// <param name="most">The most to take: the weaver's interval, which bounds how long a signal can wait.</param>
        /// <returns>The instructions taken; 0 when a signal waits or something is due, so that the first checkpoint renews.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="most"/> is less than 1.</exception>
        public static int Lease(int most) => ActiveScopes.Lease(CheckMost(most));

        /// <summary>
        /// What a copied loop calls when its lease runs out: charges what the lease could not pay, as
        /// <see cref="Tick"/> would, then takes a new lease.
        /// </summary>
        /// <param name="lease">The lease, counted down below zero: minus what it could not pay.</param>
        /// <param name="most">The most to take, as for <see cref="Lease"/>.</param>
        /// <returns>The new lease.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="lease"/> is not below 0, or <paramref name="most"/> is less than 1.</exception>
        public static int Renew(int lease, int most)
        {
            if (lease >= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(lease), lease, "A lease is renewed once it is spent, below 0.");
            }

            CheckMost(most);
            ActiveScopes.Tick(-lease);
            return ActiveScopes.Lease(most);
        }

        private static int CheckMost(int most) =>
            most >= 1 ? most : throw new ArgumentOutOfRangeException(nameof(most), most, "A lease is of 1 instruction or more.");

        /// <summary>
        /// Starts a region in which callbacks do not run (a finally or fault handler, an exception filter, a static
        /// constructor, code marked <see cref="UninterruptibleAttribute"/>). The weaver ends it in a finally block.
        /// </summary>
        /// <returns>The token to pass to <see cref="ExitHeldRegion"/>.</returns>
        [MethodImpl(FastPath)]
        public static int EnterHeldRegion() =>
            // With no scope open anywhere nothing can fall due in the region, so it is not recorded at all: one read of
            // a static field. A scope the region itself opens is then not held by it.
            ActiveScopes.OpenCount == 0 ? NotHeld : HeldInterrupts.EnterRegion();

        /// <summary>
        /// What the load-time weaver calls instead of <see cref="EnterHeldRegion"/> in untrusted code: the region holds
        /// interrupts for at most <paramref name="instructions"/> IL instructions once one falls due, and then lets it
        /// through, so that code which does not want to be stopped cannot hide there. Ended by <see cref="ExitHeldRegion"/>.
        /// </summary>
        /// <param name="instructions">The bound; that of the outermost bounded region counts.</param>
        /// <returns>The token to pass to <see cref="ExitHeldRegion"/>.</returns>
        [MethodImpl(FastPath)]
        public static int EnterBoundedRegion(int instructions) =>
            ActiveScopes.OpenCount == 0 ? NotHeld : HeldInterrupts.EnterBoundedRegion(ActiveScopes.Innermost, instructions);

        /// <summary>
        /// What the load-time weaver makes untrusted code call instead of <see cref="Interrupt.Suppress"/>: a suppression
        /// that holds interrupts for at most <paramref name="instructions"/> IL instructions once one falls due.
        /// </summary>
        /// <param name="instructions">The bound.</param>
        /// <returns>The scope; dispose it, innermost first.</returns>
        public static IDisposable SuppressBounded(int instructions) => new SuppressionScope(instructions);

        /// <summary>Ends a region started by <see cref="EnterHeldRegion"/> or <see cref="EnterBoundedRegion"/>.</summary>
        /// <param name="token">What <see cref="EnterHeldRegion"/> returned.</param>
        [MethodImpl(FastPath)]
        public static void ExitHeldRegion(int token)
        {
            if (token != NotHeld)
            {
                HeldInterrupts.ExitRegion(token);
            }
        }

        /// <summary>
        /// What woven code calls as a method is entered: <see cref="Tick"/>, and in an <see cref="Interrupt.GuardStack"/>
        /// scope a look at the stack, which throws <see cref="InsufficientExecutionStackException"/> once the stack is
        /// deeper than the guard allows. One call for both, so that each woven method carries 5 bytes less IL.
        /// </summary>
        /// <param name="instructions">The IL instructions the woven code runs from here to the next checkpoint.</param>
        [MethodImpl(FastPath)]
        public static void Enter(int instructions)
        {
            // With nothing to do anywhere: one read of a static field and a branch, as for Tick; counting scopes,
            // signals and stack guards all raise it. Past it, Tick's fast path written out (the runtime calls no
            // checkpoint of its own), and the stack's probe as a call, so that the method entered keeps no local
            // whose address is taken: inlined, it made a woven recursive fib slower with no guard open (1.53 times
            // the unwoven code against 1.32, BENCHMARKS.md).
            if (ActiveScopes.EntryAttention != 0)
            {
                if (IsArmed)
                {
                    ActiveScopes.Tick(instructions);
                }

                if (StackGuard.Open != 0)
                {
                    StackGuard.ProbeHere();
                }
            }
        }

        /// <summary>
        /// What woven code calls as a method is entered when the method starts with a copied loop: <see cref="Enter"/>,
        /// and when checkpoints have work, a <see cref="Lease"/> for the loop's copy, taken here rather than by a
        /// second call as the loop starts.
        /// </summary>
        /// <param name="instructions">The IL instructions the woven code runs from here to the next checkpoint.</param>
        /// <param name="most">The most to lease, as for <see cref="Lease"/>.</param>
        /// <returns>The lease, 0 or more, when checkpoints have work, which the loop then runs in its copy; else -1.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="most"/> is less than 1.</exception>
        /// <remarks>
        /// A method that counts from a loop it starts with and returns, called over and over (a prime test by trial
        /// division), made three calls into the runtime per call in a counting scope (its entry's tick, the test of
        /// <see cref="IsArmed"/> and the lease); this makes one.
        /// </remarks>
        [MethodImpl(FastPath)]
        public static int EnterLeasing(int instructions, int most)
        {
            // Tested here so that the call that throws stays out of the path taken.
            if (most < 1)
            {
                CheckMost(most);
            }

            // As Enter: one read of a static field and a branch while nothing anywhere needs a checkpoint.
            return ActiveScopes.EntryAttention != 0 ? EnterLeasingWithAttention(instructions, most) : -1;
        }

        // Enter's work written out (the runtime calls no checkpoint of its own), with the lease. The probe comes
        // first, so that an entry the guard refuses takes no lease, which would stay charged (nor is it charged, as
        // Enter's is).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int EnterLeasingWithAttention(int instructions, int most)
        {
            if (StackGuard.Open != 0)
            {
                StackGuard.ProbeHere();
            }

            return ActiveScopes.Attention != 0 ? ActiveScopes.TickAndLease(instructions, most) : -1;
        }

        /// <summary>
        /// What woven code calls before it allocates an array whose length is not a constant: in an
        /// <see cref="Interrupt.LimitAllocation"/> scope, a large array that would take the flow past its limit stops
        /// the flow here instead of being allocated.
        /// </summary>
        /// <param name="length">The array's length, as <c>newarr</c> will take it.</param>
        /// <param name="elementSize">About how many bytes an element takes, as the weaver reckons it.</param>
        [MethodImpl(FastPath)]
        public static void BeforeNewArray(long length, int elementSize)
        {
            // With no limit open anywhere: one read of a static field and a branch, as for Tick.
            if (AllocationLimit.Open != 0)
            {
                AllocationLimit.BeforeArray(length, elementSize);
            }
        }

        /// <summary>
        /// What a catch block of woven code calls as it starts, with the exception still unhandled: whether the block is
        /// where an interrupt may be delivered, which its end passes to <see cref="IsReplacedByInterrupt"/> and
        /// <see cref="ResumeInterrupt"/>.
        /// </summary>
        /// <returns>True when a scope is open on the current flow and interrupts are not held here.</returns>
        public static bool EnterCatch() =>
            // Catch blocks run only when an exception was thrown, so this costs nothing on the path without one; with
            // no scope open anywhere, nothing can be in flight and it is one static read.
            ActiveScopes.OpenCount != 0 && ActiveScopes.CatchMayResume();

        /// <summary>
        /// The exception filter of a catch block's body in woven code: whether <paramref name="exception"/>, leaving the
        /// block, is to be replaced by the interrupt of a stopped scope of the current flow.
        /// </summary>
        /// <param name="exception">The exception leaving the block.</param>
        /// <param name="interruptible">What <see cref="EnterCatch"/> returned as the block started.</param>
        /// <returns>
        /// True when a scope of the current flow was stopped, the block is not in held code, and the exception is not
        /// that scope's interrupt already (which goes on as it is, without being thrown again).
        /// </returns>
        public static bool IsReplacedByInterrupt(object exception, bool interruptible) =>
            interruptible && ActiveScopes.StopInFlight() is { } stop && !ReferenceEquals(exception, stop);

        /// <summary>
        /// What a catch block of woven code calls as it ends, whether it returns, falls through or throws: throws, as
        /// itself, the interrupt of a stopped scope of the current flow, so that no catch inside the scope can end the
        /// interrupt or replace it with an exception of its own. Returns when there is none.
        /// </summary>
        /// <param name="interruptible">What <see cref="EnterCatch"/> returned as the block started.</param>
        public static void ResumeInterrupt(bool interruptible)
        {
            if (interruptible && ActiveScopes.StopInFlight() is { } stop)
            {
                ActiveScopes.Rethrow(stop);
            }
        }

        /// <summary>
        /// What woven code calls for <c>new T()</c> instead of <see cref="Activator.CreateInstance{T}"/>, which wraps any
        /// exception of the constructor in a <see cref="TargetInvocationException"/>: an interrupt that stops the
        /// constructor comes out as itself, as it does from every other call.
        /// </summary>
        /// <typeparam name="T">The type to create.</typeparam>
        /// <returns>A new instance of <typeparamref name="T"/>.</returns>
        public static T CreateInstance<T>()
        {
            try
            {
                return Activator.CreateInstance<T>();
            }
            catch (TargetInvocationException wrapper) when (wrapper.InnerException is { } inner && ActiveScopes.IsInterrupt(inner))
            {
                ExceptionDispatchInfo.Capture(inner).Throw();
                throw;
            }
        }
    }
}
