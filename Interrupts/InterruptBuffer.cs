using System;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// A cell into which any thread raises a signal for woven code to receive at its next checkpoint: the .NET form of
    /// pyodide's interrupt buffer (a SharedArrayBuffer the page writes and the worker checks).
    /// </summary>
    /// <remarks>
    /// Woven code listens inside <see cref="Interrupt.Check(InterruptBuffer)"/>. It takes the signal atomically
    /// (exchanging it with 0), so a signal goes to one listener and is never lost. Raising again before the signal is
    /// taken replaces it. By default signal 2 (SIGINT, what Ctrl+C sends) stops the listening code with
    /// <see cref="KeyboardInterruptException"/> and the others with <see cref="InterruptedException"/>;
    /// <see cref="SetHandler"/> changes that per signal, as Python's <c>signal.signal</c> does.
    /// </remarks>
    public sealed class InterruptBuffer
    {
        /// <summary>SIGINT, the signal Ctrl+C sends, and the default of <see cref="Raise"/>.</summary>
        public const int KeyboardInterrupt = 2;

        /// <summary>The highest signal number.</summary>
        public const int MaxSignal = 64;

        private readonly Action<int>?[] _handlers = new Action<int>?[MaxSignal + 1];
        private int _signal;

        /// <summary>The signal raised and not yet taken by woven code, or 0.</summary>
        public int PendingSignal => Volatile.Read(ref _signal);

        /// <summary>Raises <paramref name="signal"/>; safe to call from any thread, including a console's Ctrl+C handler.</summary>
        /// <param name="signal">The signal, from 1 to <see cref="MaxSignal"/>.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not from 1 to <see cref="MaxSignal"/>.</exception>
        public void Raise(int signal = KeyboardInterrupt)
        {
            ValidateSignal(signal, nameof(signal));

            // The first signal raised makes every checkpoint look; taking it makes them stop looking.
            if (Interlocked.Exchange(ref _signal, signal) == 0)
            {
                ActiveScopes.RaiseSignal();
            }
        }

        /// <summary>Withdraws the pending signal, if any, before woven code takes it.</summary>
        public void Clear() => Take();

        /// <summary>
        /// Sets what woven code does when it takes <paramref name="signal"/>: <paramref name="handler"/> runs at the
        /// checkpoint, with the signal number, and may return to let the code go on or throw. An
        /// <see cref="OperationCanceledException"/> it throws stops the scope, as a callback's does
        /// (<see cref="Interrupt.Check(Action, long)"/>); any other exception is thrown once. Null restores the default,
        /// throwing <see cref="KeyboardInterruptException"/> or <see cref="InterruptedException"/>.
        /// </summary>
        /// <param name="signal">The signal, from 1 to <see cref="MaxSignal"/>.</param>
        /// <param name="handler">What to run, or null for the default.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not from 1 to <see cref="MaxSignal"/>.</exception>
        public void SetHandler(int signal, Action<int>? handler)
        {
            ValidateSignal(signal, nameof(signal));
            Volatile.Write(ref _handlers[signal], handler);
        }

        /// <summary>
        /// Makes Ctrl+C raise <see cref="KeyboardInterrupt"/> in this buffer instead of ending the process. A second
        /// Ctrl+C while the first is still pending (woven code has not reached a checkpoint to take it, for example
        /// because it is blocked outside woven code) ends the process as usual.
        /// </summary>
        /// <returns>Dispose it to give Ctrl+C back its usual meaning.</returns>
        public IDisposable HandleCtrlC()
        {
            ConsoleCancelEventHandler handler = (_, press) =>
            {
                if (press.SpecialKey == ConsoleSpecialKey.ControlC)
                {
                    press.Cancel = RaiseUnlessPending(KeyboardInterrupt);
                }
            };
            Console.CancelKeyPress += handler;
            return new CtrlCSubscription(handler);
        }

        /// <summary>
        /// Raises <paramref name="signal"/> if no signal is pending; false if one is, atomically, so that of two Ctrl+C
        /// pressed at once exactly one is the second.
        /// </summary>
        internal bool RaiseUnlessPending(int signal)
        {
            if (Interlocked.CompareExchange(ref _signal, signal, 0) != 0)
            {
                return false;
            }

            ActiveScopes.RaiseSignal();
            return true;
        }

        /// <summary>Takes the pending signal, leaving 0; returns it, or 0 when there was none.</summary>
        internal int Take()
        {
            var signal = Interlocked.Exchange(ref _signal, 0);
            if (signal != 0)
            {
                ActiveScopes.LowerSignal();
            }

            return signal;
        }

        /// <summary>Runs the handler installed for <paramref name="signal"/>, if any; false when there is none.</summary>
        internal bool TryHandle(int signal)
        {
            var handler = Volatile.Read(ref _handlers[signal]);
            handler?.Invoke(signal);
            return handler != null;
        }

        /// <summary>What a signal with no handler of its own throws.</summary>
        internal static InterruptedException DefaultException(int signal) =>
            signal == KeyboardInterrupt ? new KeyboardInterruptException() : new InterruptedException(signal);

        private static void ValidateSignal(int signal, string parameterName)
        {
            if (signal < 1 || signal > MaxSignal)
            {
                throw new ArgumentOutOfRangeException(parameterName, signal, $"A signal is a number from 1 to {MaxSignal}.");
            }
        }

        private sealed class CtrlCSubscription : IDisposable
        {
            private ConsoleCancelEventHandler? _handler;

            public CtrlCSubscription(ConsoleCancelEventHandler handler) => _handler = handler;

            public void Dispose()
            {
                var handler = Interlocked.Exchange(ref _handler, null);
                if (handler != null)
                {
                    Console.CancelKeyPress -= handler;
                }
            }
        }
    }
}
