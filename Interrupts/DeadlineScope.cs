using System;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// An <see cref="Interrupt.Deadline"/> scope. A timer signals it, so no checkpoint ever reads the clock.
    /// </summary>
    internal sealed class DeadlineScope : SignalScope
    {
        private readonly TimeSpan _timeout;
        private readonly Timer _timer;

        internal DeadlineScope(TimeSpan timeout)
        {
            _timeout = timeout;
            Open();
            _timer = new Timer(state => ((DeadlineScope)state!).Signal(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        protected override Exception StoppingException() => new DeadlineExceededException(_timeout);

        protected override void StopListening() => _timer.Dispose();
    }
}
