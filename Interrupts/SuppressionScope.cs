using System;

namespace Interrupts
{
    /// <summary>
    /// One <see cref="Interrupt.Suppress"/> scope: a link of the flow's chain of scopes that charges nothing and delivers
    /// nothing, and whose presence holds what the other scopes of the chain find due.
    /// </summary>
    internal sealed class SuppressionScope : Scope
    {
        internal SuppressionScope() => Open();

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
