using System;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// A scope stopped by an event from outside the woven code (a cancelled token, a timer, a signal). It costs
    /// checkpoints nothing until the event: then it raises <see cref="ActiveScopes.Attention"/>, and keeps it raised
    /// until the scope closes, so that the exception comes again at every checkpoint and code that catches everything
    /// (to go on, or to wrap it in an exception of its own) cannot swallow it.
    /// </summary>
    internal abstract class SignalScope : Scope
    {
        private const int Waiting = 0, Signalled = 1, Closed = 2;

        private int _state;

        internal bool IsSignalled => Volatile.Read(ref _state) == Signalled;

        internal override bool Charge(long instructions) => IsSignalled;

        // Signals reach checkpoints through ActiveScopes' signal count, not through margins.
        internal override long Margin => long.MaxValue;

        internal override void Deliver()
        {
            if (IsSignalled)
            {
                throw StoppingException();
            }
        }

        /// <summary>Called by the event, on any thread; only the first call counts, and none after the scope closed.</summary>
        protected void Signal()
        {
            if (Interlocked.CompareExchange(ref _state, Signalled, Waiting) == Waiting)
            {
                ActiveScopes.RaiseSignal();
            }
        }

        protected abstract Exception StoppingException();

        protected override void OnClosed()
        {
            StopListening();
            if (Interlocked.Exchange(ref _state, Closed) == Signalled)
            {
                ActiveScopes.LowerSignal();
            }
        }

        /// <summary>Stops the event; it may still fire once, concurrently, and then finds the scope closed.</summary>
        protected abstract void StopListening();
    }
}
