namespace Interrupts
{
    /// <summary>An <see cref="Interrupt.Check(InterruptBuffer)"/> scope: delivers the signals raised in its buffer.</summary>
    internal sealed class BufferScope : Scope
    {
        private readonly InterruptBuffer _buffer;

        internal BufferScope(InterruptBuffer buffer)
        {
            _buffer = buffer;
            Open();
        }

        // A raised buffer keeps Attention up until a checkpoint takes its signal, so nothing is counted here.
        internal override bool Charge(int instructions) => _buffer.PendingSignal != 0;

        internal override void Deliver()
        {
            // Taken atomically: when several flows listen to one buffer, exactly one of them gets the signal.
            var signal = _buffer.Take();
            if (signal != 0)
            {
                _buffer.Handle(signal);
            }
        }

        protected override void OnClosed()
        {
        }
    }
}
