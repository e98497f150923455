using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace Interrupts.Fody
{
    /// <summary>
    /// The control flow of one method body, instruction by instruction: where each instruction can go next, and
    /// which branches close loops.
    /// </summary>
    internal sealed class ControlFlow
    {
        private readonly Dictionary<Instruction, int> _indexOf = new Dictionary<Instruction, int>();

        public ControlFlow(MethodBody body)
        {
            Instructions = body.Instructions;
            for (var i = 0; i < Instructions.Count; i++)
            {
                _indexOf.Add(Instructions[i], i);
            }

            Successors = new int[Instructions.Count][];
            for (var i = 0; i < Instructions.Count; i++)
            {
                Successors[i] = FindSuccessors(i);
            }
        }

        public IList<Instruction> Instructions { get; }

        /// <summary>For each instruction (by index), the indexes of the instructions that can run right after it,
        /// not counting exceptions.</summary>
        public int[][] Successors { get; }

        private int IndexOf(Instruction instruction) => _indexOf[instruction];

        /// <summary>
        /// True when <paramref name="index"/> branches to itself or to an earlier instruction. Every cycle of the
        /// flow has such a branch, because falling through and forward branches only go to later instructions.
        /// </summary>
        public bool IsBackwardBranch(int index)
        {
            foreach (var successor in Successors[index])
            {
                if (successor <= index)
                {
                    return true;
                }
            }

            return false;
        }

        private int[] FindSuccessors(int index)
        {
            var instruction = Instructions[index];
            var successors = new List<int>(2);
            switch (instruction.Operand)
            {
                case Instruction target:
                    successors.Add(IndexOf(target));
                    break;
                case Instruction[] targets:
                    foreach (var target in targets)
                    {
                        successors.Add(IndexOf(target));
                    }

                    break;
            }

            if (FallsThrough(instruction.OpCode) && index + 1 < Instructions.Count)
            {
                successors.Add(index + 1);
            }

            return successors.ToArray();
        }

        private static bool FallsThrough(OpCode opCode)
        {
            switch (opCode.FlowControl)
            {
                case FlowControl.Branch:
                case FlowControl.Return:
                case FlowControl.Throw:
                    return false;
                default:
                    // jmp is a call that ends the method.
                    return opCode.Code != Code.Jmp;
            }
        }
    }
}
