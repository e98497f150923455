using System;

namespace Interrupts
{
    /// <summary>
    /// Thrown in woven code that has allocated more than its <see cref="Interrupt.LimitAllocation"/> scope allows, or
    /// is about to allocate an array that would take it there.
    /// </summary>
    public sealed class AllocationLimitExceededException : OutOfMemoryException
    {
        /// <summary>Creates the exception for a limit of <paramref name="limit"/> bytes.</summary>
        /// <param name="limit">The bytes the scope allowed.</param>
        public AllocationLimitExceededException(long limit)
            : base($"The code allocated more than its limit of {Describe(limit)}.") => Limit = limit;

        /// <summary>The bytes the scope allowed.</summary>
        public long Limit { get; }

        private static string Describe(long bytes) =>
            bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes:N0} bytes";
    }
}
