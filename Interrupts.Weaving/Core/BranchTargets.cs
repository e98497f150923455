using System;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>Where branches and switches go, changed in one place for every kind of operand.</summary>
    internal static class BranchTargets
    {
        /// <summary>
        /// Sends <paramref name="instruction"/>, if it branches or switches, to <paramref name="map"/> of each of its
        /// targets. A switch gets a new table, so that a copy of an instruction never changes the original's.
        /// </summary>
        public static void Map(Instruction instruction, Func<Instruction, Instruction> map)
        {
            switch (instruction.Operand)
            {
                case Instruction target:
                    instruction.Operand = map(target);
                    break;
                case Instruction[] targets:
                    instruction.Operand = Array.ConvertAll(targets, t => map(t));
                    break;
            }
        }
    }
}
