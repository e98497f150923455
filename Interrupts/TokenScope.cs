using System;
using System.Threading;

namespace Interrupts
{
    /// <summary>An <see cref="Interrupt.Check(CancellationToken)"/> scope.</summary>
    internal sealed class TokenScope : SignalScope
    {
        private readonly CancellationToken _token;
        private readonly CancellationTokenRegistration _registration;

        internal TokenScope(CancellationToken token)
        {
            _token = token;
            Open();

            // Runs at once, on this thread, when the token is already cancelled.
            _registration = token.Register(state => ((TokenScope)state!).Signal(), this);
        }

        protected override Exception StoppingException() => new OperationCanceledException(_token);

        protected override void StopListening() => _registration.Dispose();
    }
}
