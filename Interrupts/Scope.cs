using System;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// A scope on the current logical flow: an <see cref="Interrupt"/> source that woven code consults at its
    /// checkpoints. Scopes form a chain from the innermost outwards.
    /// </summary>
    internal abstract class Scope : IDisposable
    {
        private bool _disposed;

        // Written by the flow that stops the scope, read by every flow that shares it (tasks started inside it).
        private volatile Exception? _stop;

        protected Scope() => Parent = ActiveScopes.Innermost;

        /// <summary>The scope that was innermost when this one opened.</summary>
        internal Scope? Parent { get; }

        /// <summary>The first scope of type <typeparamref name="T"/> in the chain from <paramref name="innermost"/> outwards, or null.</summary>
        internal static T? InnermostOf<T>(Scope? innermost)
            where T : Scope
        {
            for (var scope = innermost; scope != null; scope = scope.Parent)
            {
                if (scope is T found)
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>
        /// Counts <paramref name="instructions"/> about to run; true when this scope has something to deliver.
        /// </summary>
        internal abstract bool Charge(long instructions);

        /// <summary>
        /// How many instructions the scope can be charged before it falls due; 0 when it is due. Checkpoints that fit
        /// within the margins of all the flow's scopes are not charged one by one.
        /// </summary>
        internal abstract long Margin { get; }

        /// <summary>Delivers what <see cref="Charge"/> found due: runs the callback, or throws.</summary>
        internal abstract void Deliver();

        /// <summary>
        /// The interrupt that stopped the scope's code, once one has: from then on, until the scope closes, it is thrown
        /// again, as itself, at every checkpoint and at the end of every catch block of woven code on the scope's flows,
        /// so that no code inside the scope can end it.
        /// </summary>
        internal Exception? Stop => _stop;

        /// <summary>Takes note of an exception that <see cref="Deliver"/> threw: the first stop stops the scope.</summary>
        internal void Observe(Exception thrown)
        {
            if (_stop is null && IsStop(thrown))
            {
                _stop = thrown;
            }
        }

        /// <summary>
        /// Whether an exception thrown by <see cref="Deliver"/> stops the scope's code for good, rather than once: an
        /// <see cref="OperationCanceledException"/>, the exception of cancellation, or the exceptions of a passed
        /// deadline and a spent allocation limit, which are not cancellations but end the code all the same. Whichever
        /// scope throws it: a callback may stop its code with any of them.
        /// </summary>
        private static bool IsStop(Exception thrown) =>
            thrown is OperationCanceledException or DeadlineExceededException or AllocationLimitExceededException;

        /// <summary>Closes the scope. Scopes close innermost first; closing one twice does nothing.</summary>
        /// <exception cref="InvalidOperationException">A scope opened inside this one, on this flow, is still open.</exception>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            if (ActiveScopes.Innermost != this)
            {
                throw new InvalidOperationException(
                    "Interrupt scopes must be disposed in the reverse order of their creation, on the flow that opened them; dispose the inner scope first.");
            }

            _disposed = true;
            ActiveScopes.Innermost = Parent;
            Interlocked.Decrement(ref ActiveScopes.OpenCount);
            OnClosed();
        }

        /// <summary>Makes the scope the innermost of the current flow; the last step of a subclass's constructor.</summary>
        protected void Open()
        {
            Interlocked.Increment(ref ActiveScopes.OpenCount);
            ActiveScopes.Innermost = this;
        }

        /// <summary>Releases what the scope holds once it is closed.</summary>
        protected abstract void OnClosed();
    }
}
