namespace Interrupts
{
    /// <summary>
    /// One <see cref="Interrupt.Suppress"/> scope: a link of the flow's chain of scopes that charges nothing and delivers
    /// nothing, and whose presence holds what the other scopes of the chain find due.
    /// </summary>
    internal sealed class SuppressionScope : Scope
    {
        /// <summary>Opens a suppression that holds for <paramref name="bound"/> instructions once something is due.</summary>
        internal SuppressionScope(long bound)
        {
            Bound = bound;
            if (bound != HeldInterrupts.Unbounded)
            {
                HeldInterrupts.StartBoundedHold(ActiveScopes.Innermost);
            }

            Open();
        }

        /// <summary>
        /// How many instructions the scope holds for once something is due: <see cref="HeldInterrupts.Unbounded"/>, or
        /// the bound the load-time weaver gave untrusted code's own suppressions.
        /// </summary>
        internal long Bound { get; }

        internal override long Margin => long.MaxValue;

        internal override bool Charge(long instructions) => false;

        internal override void Deliver()
        {
        }

        protected override void OnClosed()
        {
        }
    }
}
