using System;

namespace Interrupts
{
    /// <summary>
    /// Thrown in woven code that took a signal from an <see cref="InterruptBuffer"/> with no handler of its own. It is an
    /// <see cref="OperationCanceledException"/>, so code that handles cancellation handles it.
    /// </summary>
    public class InterruptedException : OperationCanceledException
    {
        /// <summary>Creates the exception for <paramref name="signal"/>.</summary>
        /// <param name="signal">The signal that interrupted the code.</param>
        public InterruptedException(int signal)
            : this(signal, $"The code was interrupted by signal {signal}.")
        {
        }

        /// <summary>Creates the exception for <paramref name="signal"/> with a message.</summary>
        /// <param name="signal">The signal that interrupted the code.</param>
        /// <param name="message">What happened.</param>
        public InterruptedException(int signal, string message)
            : base(message) => Signal = signal;

        /// <summary>The signal that interrupted the code.</summary>
        public int Signal { get; }
    }
}
