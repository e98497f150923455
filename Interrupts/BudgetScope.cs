using System;

namespace Interrupts
{
    /// <summary>An <see cref="Interrupt.Budget"/> scope: throws once its instructions are spent, and at every checkpoint after.</summary>
    internal sealed class BudgetScope : Scope
    {
        private readonly long _budget;
        private long _remaining;

        internal BudgetScope(long budget)
        {
            _budget = budget;
            _remaining = budget;
            ActiveScopes.Arm();
            Open();
        }

        // Checkpoints charge in advance, so the budget runs out before the instructions it cannot pay for run.
        internal override bool Charge(long instructions) => (_remaining -= instructions) < 0;

        // Due once the charge exceeds what remains.
        internal override long Margin => Math.Max(_remaining, 0);

        internal override void Deliver()
        {
            if (_remaining < 0)
            {
                throw new InstructionBudgetExceededException(_budget);
            }
        }

        protected override void OnClosed() => ActiveScopes.Disarm();
    }
}
