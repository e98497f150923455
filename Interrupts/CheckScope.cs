using System;
using System.Threading;

namespace Interrupts
{
    /// <summary>One <see cref="Interrupt.Check"/> scope: its callback, its interval and what is left of it.</summary>
    internal sealed class CheckScope : IDisposable
    {
        private readonly Action _callback;
        private readonly long _interval;
        private long _remaining;
        private bool _due;
        private bool _disposed;

        private CheckScope(Action callback, long interval, CheckScope? parent)
        {
            _callback = callback;
            _interval = interval;
            _remaining = interval;
            Parent = parent;
        }

        /// <summary>The scope that was innermost when this one opened.</summary>
        internal CheckScope? Parent { get; }

        internal static CheckScope Open(Action callback, long interval)
        {
            var scope = new CheckScope(callback, interval, ActiveScopes.Innermost);
            ActiveScopes.Innermost = scope;
            Interlocked.Increment(ref ActiveScopes.OpenCount);
            return scope;
        }

        /// <summary>
        /// Counts <paramref name="instructions"/> against the interval; true when the callback is due. The count is
        /// carried over, so the callback runs each time the total crosses a multiple of the interval (at most once per
        /// checkpoint), whatever the sizes of the charges.
        /// </summary>
        internal bool Charge(int instructions)
        {
            var remaining = _remaining - instructions;
            if (remaining > 0)
            {
                _remaining = remaining;
                return _due;
            }

            _remaining = _interval + (remaining % _interval);
            _due = true;
            return true;
        }

        /// <summary>
        /// Runs the callback if it is due. When an inner scope's callback throws, the outer ones due at the same
        /// checkpoint stay due and run at the next checkpoint, so no call is lost.
        /// </summary>
        internal void RunCallbackIfDue()
        {
            if (_due)
            {
                _due = false;
                _callback();
            }
        }

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
        }
    }
}
