using System;
using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// The index of each instruction of a body, found without hashing: a dictionary keyed by instructions made the
    /// runtime store a hash code in the header of every instruction of every woven method, which was about a third of
    /// the time spent on woven methods. Valid until the body changes.
    /// </summary>
    internal sealed class InstructionIndex
    {
        private readonly IList<Instruction> _instructions;
        private readonly int[] _indexAtOffset;

        /// <summary>
        /// Gives every instruction its byte offset, as Cecil does before it writes a body (the offsets read from the
        /// file are the same; earlier edits leave theirs stale), and maps the offsets to indexes.
        /// </summary>
        public InstructionIndex(IList<Instruction> instructions)
        {
            _instructions = instructions;
            _indexAtOffset = new int[NumberOffsets(instructions)];
            for (var i = 0; i < instructions.Count; i++)
            {
                _indexAtOffset[instructions[i].Offset] = i;
            }
        }

        /// <summary>
        /// Gives every instruction its byte offset, so that offsets tell which way a branch goes even after another
        /// weaver inserted instructions (which Cecil leaves at offset 0); returns the body's size.
        /// </summary>
        public static int NumberOffsets(IList<Instruction> instructions)
        {
            var offset = 0;
            foreach (var instruction in instructions)
            {
                instruction.Offset = offset;
                offset += instruction.GetSize();
            }

            return offset;
        }

        /// <summary>The index of <paramref name="instruction"/>, which must be one of the body's.</summary>
        /// <exception cref="ArgumentException">The instruction is not in the body.</exception>
        public int this[Instruction instruction]
        {
            get
            {
                var offset = instruction.Offset;
                if (offset >= 0 && offset < _indexAtOffset.Length && _instructions[_indexAtOffset[offset]] == instruction)
                {
                    return _indexAtOffset[offset];
                }

                throw new ArgumentException($"{instruction} is not an instruction of this method body", nameof(instruction));
            }
        }
    }
}
