using System;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// Opens scopes in which code woven by Interrupts.Fody runs a callback at regular intervals, so that the callback
    /// can stop the code by throwing.
    /// </summary>
    public static class Interrupt
    {
        /// <summary>
        /// The stack <see cref="GuardStack"/> allows by default: 1 MiB, less than the 1.5 MiB that .NET gives the threads it
        /// starts on Linux, so that a guard opened near the top of such a thread stops recursion with room to spare.
        /// </summary>
        public const int DefaultMaxStackBytes = 1024 * 1024;

        private const int MinStackBytes = 64 * 1024;

        // System.Threading.Timer takes at most 2^32 - 2 ms.
        private const double MaxTimerMilliseconds = 4294967294;

        /// <summary>
        /// Runs <paramref name="callback"/> each time woven code on the current logical flow has executed another
        /// <paramref name="interval"/> IL instructions, until the returned scope is disposed.
        /// </summary>
        /// <remarks>
        /// An exception thrown by <paramref name="callback"/> comes out of the woven code at the checkpoint where the
        /// callback ran and unwinds it normally. An <see cref="OperationCanceledException"/> (or an exception derived
        /// from it, as <see cref="KeyboardInterruptException"/> is), a <see cref="DeadlineExceededException"/> or an
        /// <see cref="AllocationLimitExceededException"/> stops the scope: the callback is not called again,
        /// and the same exception object is thrown again at every checkpoint and at the end of every catch block of
        /// woven code until the scope is disposed, so that no code inside the scope can end it. Any other exception is
        /// thrown once: code that catches it goes on and is still checked on schedule. Scopes nest; every active scope
        /// is honoured, each on its own interval. The scope follows the logical flow across <c>await</c>; other threads
        /// keep their own scopes.
        /// </remarks>
        /// <param name="callback">The action to run; it may throw to stop the running code, an
        /// <see cref="OperationCanceledException"/> (or a deadline's or an allocation limit's exception) to stop it for good.</param>
        /// <param name="interval">How many IL instructions of woven code run between two calls of the callback.</param>
        /// <returns>The scope; dispose it, innermost first, to stop the checks.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is less than 1.</exception>
        public static IDisposable Check(Action callback, long interval)
        {
            if (callback is null)
            {
                throw new ArgumentNullException(nameof(callback));
            }

            if (interval < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be at least 1 instruction.");
            }

            return new CheckScope(callback, interval);
        }

        /// <summary>
        /// Delivers the signals raised in <paramref name="buffer"/> to woven code on the current logical flow, at its
        /// next checkpoint, until the returned scope is disposed.
        /// </summary>
        /// <remarks>
        /// Costs checkpoints nothing until a signal is raised. Signal 2 throws <see cref="KeyboardInterruptException"/>,
        /// the others <see cref="InterruptedException"/>, unless <see cref="InterruptBuffer.SetHandler"/> installed a
        /// handler, which then runs once per signal. The exception is thrown again, as itself, at every checkpoint and at
        /// the end of every catch block of woven code until the scope is disposed, so that code which catches everything
        /// cannot swallow or replace it: catch it outside the scope.
        /// </remarks>
        /// <param name="buffer">The buffer other threads raise signals in.</param>
        /// <returns>The scope; dispose it, innermost first, to stop listening.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        public static IDisposable Check(InterruptBuffer buffer)
        {
            if (buffer is null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            return new BufferScope(buffer);
        }

        /// <summary>
        /// Throws <see cref="OperationCanceledException"/> for <paramref name="token"/> in woven code on the current
        /// logical flow at its first checkpoint after the token is cancelled, and at every checkpoint after that, until
        /// the returned scope is disposed.
        /// </summary>
        /// <remarks>
        /// Costs checkpoints nothing until the token is cancelled. The same exception comes again at every checkpoint and
        /// at the end of every catch block of woven code, so a catch-all cannot swallow or replace it: catch it outside
        /// the scope.
        /// </remarks>
        /// <param name="token">The token that stops the code.</param>
        /// <returns>The scope; dispose it, innermost first.</returns>
        public static IDisposable Check(CancellationToken token) => new TokenScope(token);

        /// <summary>
        /// Throws <see cref="DeadlineExceededException"/> in woven code on the current logical flow at its first
        /// checkpoint once <paramref name="timeout"/> has passed, and at every checkpoint after that, until the returned
        /// scope is disposed.
        /// </summary>
        /// <remarks>
        /// A timer marks the deadline, so checkpoints never read the clock and cost nothing until then. The exception
        /// comes within the timer's resolution (about 1 ms on Linux and macOS, up to about 16 ms on Windows) plus the
        /// time to the next checkpoint, after the deadline. Like the others, it is thrown again at every checkpoint and at
        /// the end of every catch block of woven code until the scope is disposed: a catch-all cannot swallow it.
        /// </remarks>
        /// <param name="timeout">How long the code may run; more than zero.</param>
        /// <returns>The scope; dispose it, innermost first.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not more than zero, or longer than a <see cref="Timer"/> allows.</exception>
        public static IDisposable Deadline(TimeSpan timeout)
        {
            if (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > MaxTimerMilliseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"The timeout must be more than zero and at most {MaxTimerMilliseconds} ms.");
            }

            return new DeadlineScope(timeout);
        }

        /// <summary>
        /// Throws <see cref="InstructionBudgetExceededException"/> in woven code on the current logical flow once it
        /// would run more than <paramref name="instructions"/> IL instructions, and at every checkpoint after that,
        /// until the returned scope is disposed.
        /// </summary>
        /// <remarks>
        /// Deterministic: the same code with the same input stops at the same checkpoint on every run, on every machine.
        /// Checkpoints charge the instructions ahead of them, so the code stops before it runs instructions the budget
        /// cannot pay for. Like the others, the exception is thrown again at every checkpoint and at the end of every catch
        /// block of woven code until the scope is disposed: a catch-all cannot swallow it.
        /// </remarks>
        /// <param name="instructions">How many IL instructions the code may run; at least 1.</param>
        /// <returns>The scope; dispose it, innermost first.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="instructions"/> is less than 1.</exception>
        public static IDisposable Budget(long instructions)
        {
            if (instructions < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(instructions), instructions, "The budget must be at least 1 instruction.");
            }

            return new BudgetScope(instructions);
        }

        /// <summary>
        /// Stops endless recursion in woven code on the current logical flow, until the returned scope is disposed:
        /// entering a woven method throws <see cref="InsufficientExecutionStackException"/> once the stack is more than
        /// <paramref name="maxStackBytes"/> deeper than where the flow entered the guard, or once less of the thread's
        /// stack is left than .NET keeps in reserve for <see cref="System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack"/>,
        /// whichever comes first, so that the thread unwinds instead of the process ending with a stack overflow.
        /// </summary>
        /// <remarks>
        /// The exception is an ordinary one: code that catches it goes on, and the same code can run again. Where
        /// interrupts are held (a finally block, a static constructor, <see cref="UninterruptibleAttribute"/> code) only
        /// the reserve is enforced: there the exception comes when the thread's stack is nearly spent, because a stack
        /// overflow would end the process. Costs woven code one read of a static field per method entered while no
        /// guard is open anywhere; while one is, a call per method entered that compares the stack with a thread-static
        /// limit.
        /// </remarks>
        /// <param name="maxStackBytes">How many bytes of stack woven code may use below where the flow entered the
        /// guard; at least 65,536.</param>
        /// <returns>The scope; dispose it, innermost first.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxStackBytes"/> is less than 65,536.</exception>
        public static IDisposable GuardStack(int maxStackBytes = DefaultMaxStackBytes)
        {
            if (maxStackBytes < MinStackBytes)
            {
                throw new ArgumentOutOfRangeException(nameof(maxStackBytes), maxStackBytes, $"The stack guard allows at least {MinStackBytes} bytes.");
            }

            return new StackGuardScope(maxStackBytes);
        }

        /// <summary>
        /// Throws <see cref="AllocationLimitExceededException"/> in woven code on the current logical flow once it has
        /// allocated more than <paramref name="maxBytes"/> bytes since the scope opened, and at every checkpoint after
        /// that, until the returned scope is disposed; an array of woven code that would take it past the limit is not
        /// allocated at all.
        /// </summary>
        /// <remarks>
        /// An allocation budget, not a heap size: every byte the flow allocates counts, garbage too, wherever the flow
        /// runs (it follows <c>await</c>), and what other flows allocate does not. A watch looks every millisecond at
        /// what the whole process allocated, and only when that could have taken the flow past its limit does the next
        /// checkpoint count the flow's bytes; so checkpoints cost nothing while the flow is far from its limit. The
        /// flow can overshoot by what it allocates in that millisecond, plus what one call into code that is not woven
        /// allocates (a <c>List&lt;T&gt;</c> that doubles, a long string): README says more. Like the others, the
        /// exception is thrown again at every checkpoint and at the end of every catch block of woven code until the
        /// scope is disposed: a catch-all cannot swallow it.
        /// </remarks>
        /// <param name="maxBytes">How many bytes the code may allocate; at least 1.</param>
        /// <returns>The scope; dispose it, innermost first.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is less than 1.</exception>
        /// <exception cref="PlatformNotSupportedException">The runtime does not count what each thread allocates (.NET Framework).</exception>
        public static IDisposable LimitAllocation(long maxBytes)
        {
            if (maxBytes < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "The limit must be at least 1 byte.");
            }

            if (!AllocationLimit.IsSupported)
            {
                throw new PlatformNotSupportedException("This runtime does not count what each thread allocates (GC.GetAllocatedBytesForCurrentThread), so it cannot limit it.");
            }

            return new AllocationLimitScope(maxBytes);
        }

        /// <summary>
        /// Holds interrupts on the current logical flow until the returned scope is disposed: no callback runs in woven
        /// code meanwhile, and what falls due (a callback, a signal, a cancellation) is delivered at the first checkpoint
        /// after the scope ends.
        /// </summary>
        /// <remarks>
        /// For critical sections that must not stop halfway. Instructions are still counted while interrupts are held. In
        /// code that the load-time weaver wove as untrusted, the suppression holds for a bounded number of instructions
        /// once an interrupt is due, and then lets it through.
        /// It is a scope like the others: it follows <c>await</c>, and it is disposed innermost first among all the
        /// scopes of the flow.
        /// </remarks>
        /// <returns>The scope; dispose it to let callbacks run again.</returns>
        public static IDisposable Suppress() => new SuppressionScope(HeldInterrupts.Unbounded);
    }
}
