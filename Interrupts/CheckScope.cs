using System;

namespace Interrupts
{
    /// <summary>An <see cref="Interrupt.Check(Action, long)"/> scope: its callback, its interval and what is left of it.</summary>
    internal sealed class CheckScope : Scope
    {
        private readonly Action _callback;
        private readonly long _interval;
        private long _remaining;
        private bool _due;

        internal CheckScope(Action callback, long interval)
        {
            _callback = callback;
            _interval = interval;
            _remaining = interval;

            // Counting needs every checkpoint, so checkpoints everywhere take the slow path while this scope is open.
            ActiveScopes.Arm();
            Open();
        }

        /// <summary>
        /// The count is carried over, so the callback runs each time the total crosses a multiple of the interval (at
        /// most once per checkpoint), whatever the sizes of the charges.
        /// </summary>
        internal override bool Charge(long instructions)
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

        // Due once the charge reaches what remains.
        internal override long Margin => _due ? 0 : _remaining - 1;

        /// <summary>
        /// When an inner scope's callback throws, the outer ones due at the same checkpoint stay due and run at the
        /// next checkpoint, so no call is lost. A cancellation the callback throws stops the scope (<see cref="Scope.Stop"/>),
        /// which then never calls it again.
        /// </summary>
        internal override void Deliver()
        {
            if (_due)
            {
                _due = false;
                _callback();
            }
        }

        protected override void OnClosed() => ActiveScopes.Disarm();
    }
}
