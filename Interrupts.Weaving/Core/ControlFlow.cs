using System;
using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// The control flow of one method body, instruction by instruction: where each instruction can go next, and
    /// which branches close loops.
    /// </summary>
    internal sealed class ControlFlow
    {
        private readonly InstructionIndex _index;
        private readonly bool[] _isBranchTarget;

        public ControlFlow(MethodBody body)
        {
            Instructions = body.Instructions;
            _index = new InstructionIndex(Instructions);
            Successors = new int[Instructions.Count][];
            _isBranchTarget = new bool[Instructions.Count];
            for (var i = 0; i < Instructions.Count; i++)
            {
                Successors[i] = FindSuccessors(i);
            }
        }

        public IList<Instruction> Instructions { get; }

        /// <summary>For each instruction (by index), the indexes of the instructions that can run right after it,
        /// not counting exceptions.</summary>
        public int[][] Successors { get; }

        public int IndexOf(Instruction instruction) => _index[instruction];

        /// <summary>True when a branch or switch goes to the instruction at <paramref name="index"/>.</summary>
        public bool IsBranchTarget(int index) => _isBranchTarget[index];

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
            var targets = instruction.Operand switch
            {
                Instruction target => new[] { target },
                Instruction[] switchTargets => switchTargets,
                _ => Array.Empty<Instruction>(),
            };
            var fallsThrough = FallsThrough(instruction.OpCode) && index + 1 < Instructions.Count;

            // Sized exactly, as a method has as many of these as instructions.
            var successors = new int[targets.Length + (fallsThrough ? 1 : 0)];
            for (var i = 0; i < targets.Length; i++)
            {
                successors[i] = IndexOf(targets[i]);
                _isBranchTarget[successors[i]] = true;
            }

            if (fallsThrough)
            {
                successors[targets.Length] = index + 1;
            }

            return successors;
        }

        /// <summary>
        /// False where inserted code would break an idiom the runtime relies on: after a prefix (it belongs to the
        /// instruction it precedes), between <c>ldftn</c> or <c>ldvirtftn</c> and the delegate constructor, before
        /// <c>ldvirtftn</c> (which follows its <c>dup</c>), and between a <c>tail.</c> call and its <c>ret</c>.
        /// </summary>
        public bool CanInsertBefore(int index)
        {
            if (index == 0)
            {
                return true;
            }

            var instruction = Instructions[index];
            var previous = Instructions[index - 1];
            if (previous.OpCode.OpCodeType == OpCodeType.Prefix || instruction.OpCode.Code == Code.Ldvirtftn)
            {
                return false;
            }

            switch (previous.OpCode.Code)
            {
                case Code.Ldftn:
                case Code.Ldvirtftn:
                    return false;
                case Code.Call:
                case Code.Callvirt:
                case Code.Calli:
                    return index < 2 || Instructions[index - 2].OpCode.Code != Code.Tail;
                default:
                    return true;
            }
        }

        /// <summary>True when the instruction after <paramref name="opCode"/> can run next without a branch.</summary>
        public static bool FallsThrough(OpCode opCode)
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
