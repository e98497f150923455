using System;

namespace Interrupts
{
    /// <summary>One <see cref="Interrupt.Suppress"/> scope.</summary>
    internal sealed class SuppressionScope : IDisposable
    {
        private readonly SuppressionScope? _parent;
        private bool _disposed;

        private SuppressionScope(SuppressionScope? parent) => _parent = parent;

        internal static SuppressionScope Open()
        {
            var scope = new SuppressionScope(HeldInterrupts.InnermostSuppression);
            HeldInterrupts.InnermostSuppression = scope;
            return scope;
        }

        /// <summary>Ends the suppression. Scopes close innermost first; closing one twice does nothing.</summary>
        /// <exception cref="InvalidOperationException">A suppression opened inside this one, on this flow, is still open.</exception>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            if (HeldInterrupts.InnermostSuppression != this)
            {
                throw new InvalidOperationException(
                    "Interrupt.Suppress scopes must be disposed in the reverse order of their creation, on the flow that opened them; dispose the inner scope first.");
            }

            _disposed = true;
            HeldInterrupts.InnermostSuppression = _parent;
        }
    }
}
