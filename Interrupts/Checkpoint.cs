using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Interrupts
{
    /// <summary>
    /// The calls that Interrupts.Fody weaves into code. Not meant to be called by hand.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Checkpoint
    {
        /// <summary>
        /// Charges <paramref name="instructions"/> IL instructions to the scopes active on the current flow and runs
        /// the callbacks that fall due.
        /// </summary>
        /// <param name="instructions">The IL instructions the woven code runs from this checkpoint to the next.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Tick(int instructions)
        {
            // The only code that runs at a checkpoint while no scope is open anywhere: one read of a static field and
            // a branch that is always predicted. The field is written only when a scope opens or closes, so it stays
            // in every core's cache; thread-local state is touched only past this test, because a read-modify-write
            // of it in every loop iteration would chain the iterations through memory (about 3x on a tight loop).
            if (ActiveScopes.OpenCount != 0)
            {
                ActiveScopes.Tick(instructions);
            }
        }
    }
}
