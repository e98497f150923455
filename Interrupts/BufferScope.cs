using System;

namespace Interrupts
{
    /// <summary>
    /// An <see cref="Interrupt.Check(InterruptBuffer)"/> scope. A signal with a handler runs the handler once (a
    /// cancellation it throws stops the scope, as a callback's does); a signal without one stops the scope, like the
    /// other sources, so that library code which catches everything cannot lose a Ctrl+C.
    /// </summary>
    internal sealed class BufferScope : SignalScope
    {
        private readonly InterruptBuffer _buffer;
        private InterruptedException? _interrupt;

        internal BufferScope(InterruptBuffer buffer)
        {
            _buffer = buffer;
            Open();
        }

        // A raised buffer keeps Attention up until a checkpoint takes its signal, so nothing is counted here.
        internal override bool Charge(long instructions) => IsSignalled || _buffer.PendingSignal != 0;

        internal override void Deliver()
        {
            if (!IsSignalled)
            {
                // Taken atomically: when several flows listen to one buffer, exactly one of them gets the signal.
                var signal = _buffer.Take();
                if (signal == 0 || _buffer.TryHandle(signal))
                {
                    return;
                }

                _interrupt = InterruptBuffer.DefaultException(signal);
                Signal();
            }

            base.Deliver();
        }

        protected override Exception StoppingException() => _interrupt!;

        protected override void StopListening()
        {
        }
    }
}
