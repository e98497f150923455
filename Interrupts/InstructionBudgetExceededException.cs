using System;

namespace Interrupts
{
    /// <summary>Thrown in woven code that has spent the instructions of an <see cref="Interrupt.Budget"/> scope.</summary>
    public sealed class InstructionBudgetExceededException : OperationCanceledException
    {
        /// <summary>Creates the exception for a budget of <paramref name="budget"/> instructions.</summary>
        /// <param name="budget">The instructions the scope allowed.</param>
        public InstructionBudgetExceededException(long budget)
            : base($"The code ran out of its budget of {budget} IL instructions.") => Budget = budget;

        /// <summary>The instructions the scope allowed.</summary>
        public long Budget { get; }
    }
}
