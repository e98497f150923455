using System;

namespace Interrupts
{
    /// <summary>
    /// Opens scopes in which code woven by Interrupts.Fody runs a callback at regular intervals, so that the callback
    /// can stop the code by throwing.
    /// </summary>
    public static class Interrupt
    {
        /// <summary>
        /// Runs <paramref name="callback"/> each time woven code on the current logical flow has executed another
        /// <paramref name="interval"/> IL instructions, until the returned scope is disposed.
        /// </summary>
        /// <remarks>
        /// An exception thrown by <paramref name="callback"/> comes out of the woven code at the checkpoint where the
        /// callback ran and unwinds it normally. The scope stays active: code that catches the exception and goes on is
        /// still checked on schedule. Scopes nest; every active scope is honoured, each on its own interval. The scope
        /// follows the logical flow across <c>await</c>; other threads keep their own scopes.
        /// </remarks>
        /// <param name="callback">The action to run; it may throw to stop the running code.</param>
        /// <param name="interval">How many IL instructions of woven code run between two calls of the callback.</param>
        /// <returns>The scope; dispose it, innermost first, to stop the checks.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is less than 1.</exception>
        public static IDisposable Check(Action callback, long interval)
        {
            if (callback is null)
            {
                throw new ArgumentNullException(nameof(callback));
            }

            if (interval < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be at least 1 instruction.");
            }

            return CheckScope.Open(callback, interval);
        }
    
        /// <summary>
        /// Holds interrupts on the current logical flow until the returned scope is disposed: no callback runs in woven
        /// code meanwhile, and a callback that falls due runs at the first checkpoint after the scope ends.
        /// </summary>
        /// <remarks>
        /// For critical sections that must not stop halfway. Instructions are still counted while interrupts are held.
        /// Like <see cref="Check"/> scopes, suppression follows <c>await</c>, nests, and is disposed innermost first.
        /// </remarks>
        /// <returns>The scope; dispose it to let callbacks run again.</returns>
        public static IDisposable Suppress() => SuppressionScope.Open();
    }
}
