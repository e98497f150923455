namespace Interrupts
{
    /// <summary>
    /// Thrown in woven code that took signal 2 (<see cref="InterruptBuffer.KeyboardInterrupt"/>, Ctrl+C) from an
    /// <see cref="InterruptBuffer"/>: Python's KeyboardInterrupt.
    /// </summary>
    public sealed class KeyboardInterruptException : InterruptedException
    {
        /// <summary>Creates the exception.</summary>
        public KeyboardInterruptException()
            : base(InterruptBuffer.KeyboardInterrupt, "KeyboardInterrupt: the code was interrupted from the keyboard (Ctrl+C).")
        {
        }
    }
}
