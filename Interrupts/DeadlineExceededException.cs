using System;

namespace Interrupts
{
    /// <summary>Thrown in woven code that is still running when its <see cref="Interrupt.Deadline"/> has passed.</summary>
    public sealed class DeadlineExceededException : TimeoutException
    {
        /// <summary>Creates the exception for a deadline <paramref name="timeout"/> after the scope opened.</summary>
        /// <param name="timeout">The time the scope allowed.</param>
        public DeadlineExceededException(TimeSpan timeout)
            : base($"The code ran longer than its deadline of {timeout.TotalSeconds:0.###} s.") => Timeout = timeout;

        /// <summary>The time the scope allowed.</summary>
        public TimeSpan Timeout { get; }
    }
}
