using System;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// An <see cref="Interrupt.GuardStack"/> scope: a link of the flow's chain of scopes that counts nothing and
    /// delivers nothing; its presence makes woven code probe the stack as methods are entered.
    /// </summary>
    internal sealed class StackGuardScope : Scope
    {
        internal StackGuardScope(int maxStackBytes)
        {
            MaxStackBytes = maxStackBytes;
            Interlocked.Increment(ref StackGuard.Open);
            Interlocked.Increment(ref ActiveScopes.EntryAttention);
            Open();
        }

        /// <summary>How deep below where the flow entered the guard woven code may go, in bytes of stack.</summary>
        internal int MaxStackBytes { get; }

        internal override long Margin => long.MaxValue;

        internal override bool Charge(long instructions) => false;

        internal override void Deliver()
        {
        }

        protected override void OnClosed()
        {
            Interlocked.Decrement(ref ActiveScopes.EntryAttention);
            Interlocked.Decrement(ref StackGuard.Open);
        }
    }
}
