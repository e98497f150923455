using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace Interrupts.Fody
{
    /// <summary>
    /// Gives small innermost loops a copy that ticks, so that the loop itself makes no call.
    /// </summary>
    /// <remarks>
    /// <para>A call in a loop costs even when it never runs: the JIT keeps what the loop uses across it in the few
    /// registers a call preserves, and a tight loop spills its counter to the stack (about 2x on the woven array sum).
    /// So a copied loop keeps its own code free of calls: where it had a checkpoint it tests <c>Checkpoint.IsArmed</c>
    /// instead. While that is false, nothing anywhere counts instructions or waits for a checkpoint, and the loop runs
    /// as it was compiled plus one test. When it is true, the loop jumps to the same checkpoint in its copy, and
    /// finishes there; the next run of the loop starts in the original again.</para>
    /// <para>The copy goes right after the loop, inside the same protected regions, and branches out to where the loop
    /// does. Loops that cannot gain much are left alone, as each copy adds its size to the method: loops that make a
    /// call (the call already keeps their values in the registers it preserves; calls the JIT would inline are not
    /// told apart), loops with a loop inside, and loops longer than <see cref="MaxInstructions"/>. So are loops that
    /// cross the boundary of a try, catch, finally or filter (the copy could not lie in the same ones), and loops whose
    /// head has values on the stack (the copy's head follows a branch, where the IL rules want an empty stack).</para>
    /// </remarks>
    internal sealed class LoopCopier
    {
        /// <summary>
        /// The longest loop copied, in IL instructions: a few statements, where an iteration takes a few cycles and a
        /// register spilled to the stack is felt.
        /// </summary>
        public const int MaxInstructions = 32;

        private readonly Dictionary<Instruction, Instruction> _copyOf = new Dictionary<Instruction, Instruction>();
        private readonly List<Instruction> _code = new List<Instruction>();
        private readonly Instruction _latch;

        private LoopCopier(IList<Instruction> original, CopiedLoop loop, SequencePointKeeper sequencePoints)
        {
            Loop = loop;
            _latch = original[loop.Latch];
            for (var i = loop.Head; i <= loop.Latch; i++)
            {
                var copy = Instruction.Create(OpCodes.Nop);
                copy.OpCode = original[i].OpCode;
                copy.Operand = original[i].Operand;
                _copyOf.Add(original[i], copy);
                sequencePoints.RecordCopy(copy, original[i], first: i == loop.Head);
            }

            foreach (var copy in _copyOf.Values)
            {
                switch (copy.Operand)
                {
                    case Instruction target when _copyOf.TryGetValue(target, out var copiedTarget):
                        copy.Operand = copiedTarget;
                        break;
                    case Instruction[] targets:
                        var copiedTargets = new Instruction[targets.Length];
                        for (var i = 0; i < targets.Length; i++)
                        {
                            copiedTargets[i] = _copyOf.TryGetValue(targets[i], out var copiedTarget) ? copiedTarget : targets[i];
                        }

                        copy.Operand = copiedTargets;
                        break;
                }
            }

            // The loop's exit falls through past its latch; the original jumps over the copy to it, and so does the copy.
            var exit = loop.Latch + 1 < original.Count ? original[loop.Latch + 1] : null;
            if (ControlFlow.FallsThrough(_latch.OpCode))
            {
                _code.Add(JumpTo(exit!, sequencePoints));
            }

            _code.AddRange(_copyOf.Values);
            if (ControlFlow.FallsThrough(_latch.OpCode))
            {
                _code.Add(JumpTo(exit!, sequencePoints));
            }
        }

        /// <summary>The loop copied.</summary>
        public CopiedLoop Loop { get; }

        /// <summary>The copy of an instruction of the loop.</summary>
        public Instruction CopyOf(Instruction original) => _copyOf[original];

        /// <summary>The loops of a method worth copying, none inside another.</summary>
        public static List<CopiedLoop> Select(ControlFlow flow, MethodBody body, IReadOnlyList<PlannedCheckpoint> plan)
        {
            var loops = new List<CopiedLoop>();
            int[]? heights = null;
            var boundaries = BoundariesOfProtectedRegions(flow, body);
            for (var latch = 0; latch < flow.Instructions.Count; latch++)
            {
                var branch = flow.Instructions[latch];
                if (branch.OpCode.Code == Code.Leave || !(branch.Operand is Instruction target))
                {
                    continue;
                }

                var head = flow.IndexOf(target);
                if (head > latch
                    || latch - head + 1 > MaxInstructions
                    || HasCall(flow, head, latch)
                    || HasInnerLoop(flow, head, latch)
                    || CrossesBoundary(boundaries, head, latch))
                {
                    continue;
                }

                heights ??= StackHeights.Before(flow, body);
                var tests = heights[head] == 0 ? FindTests(flow, heights, head, latch, plan) : null;
                if (tests != null)
                {
                    loops.Add(new CopiedLoop(head, latch, tests));
                }
            }

            return loops;
        }

        /// <summary>Makes the copy of <paramref name="loop"/>, to insert with <see cref="InsertInto"/>.</summary>
        public static LoopCopier Copy(IList<Instruction> original, CopiedLoop loop, SequencePointKeeper sequencePoints) =>
            new LoopCopier(original, loop, sequencePoints);

        /// <summary>Puts the copy right after the loop.</summary>
        public void InsertInto(IList<Instruction> instructions)
        {
            var at = instructions.IndexOf(_latch) + 1;
            foreach (var instruction in _code)
            {
                instructions.Insert(at++, instruction);
            }
        }

        /// <summary>
        /// Where the loop tests whether to move to its copy: for each of its checkpoints, the nearest instruction before
        /// it on the same straight run (no branch between them, none into them) where the stack is empty. A checkpoint
        /// often sits where the stack is not, between a loop's condition and its branch back, and a branch that carries
        /// values makes the JIT copy them to temporaries and lose the loop's shape. Null when a checkpoint has no such
        /// place.
        /// </summary>
        private static HashSet<int>? FindTests(ControlFlow flow, int[] heights, int head, int latch, IReadOnlyList<PlannedCheckpoint> plan)
        {
            var tests = new HashSet<int>();
            foreach (var checkpoint in plan)
            {
                if (checkpoint.AtEntry || checkpoint.Index < head || checkpoint.Index > latch)
                {
                    continue;
                }

                var test = checkpoint.Index;
                while (heights[test] != 0 || !flow.CanInsertBefore(test))
                {
                    if (test == head || !IsStraight(flow, test - 1))
                    {
                        return null;
                    }

                    test--;
                }

                tests.Add(test);
            }

            return tests;
        }

        // True when the instruction at index only falls through, and only it leads to the next.
        private static bool IsStraight(ControlFlow flow, int index) =>
            flow.Successors[index].Length == 1 && flow.Successors[index][0] == index + 1 && !flow.IsBranchTarget(index + 1);

        private static bool HasCall(ControlFlow flow, int head, int latch)
        {
            for (var i = head; i <= latch; i++)
            {
                if (flow.Instructions[i].OpCode.FlowControl == FlowControl.Call)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasInnerLoop(ControlFlow flow, int head, int latch)
        {
            for (var i = head; i < latch; i++)
            {
                if (flow.IsBackwardBranch(i))
                {
                    return true;
                }
            }

            return false;
        }

        // The copy lies in the regions that hold the loop's latch; a boundary anywhere from the head to just past the
        // latch could put some of the loop, or its copy, elsewhere.
        private static bool CrossesBoundary(HashSet<int> boundaries, int head, int latch)
        {
            for (var i = head; i <= latch + 1; i++)
            {
                if (boundaries.Contains(i))
                {
                    return true;
                }
            }

            return false;
        }

        private static HashSet<int> BoundariesOfProtectedRegions(ControlFlow flow, MethodBody body)
        {
            var boundaries = new HashSet<int>();
            void Add(Instruction? boundary) => boundaries.Add(boundary is null ? flow.Instructions.Count : flow.IndexOf(boundary));
            foreach (var handler in body.ExceptionHandlers)
            {
                Add(handler.TryStart);
                Add(handler.TryEnd);
                Add(handler.HandlerStart);
                Add(handler.HandlerEnd);
                if (handler.FilterStart != null)
                {
                    Add(handler.FilterStart);
                }
            }

            return boundaries;
        }

        private static Instruction JumpTo(Instruction target, SequencePointKeeper sequencePoints)
        {
            var jump = Instruction.Create(OpCodes.Br, target);
            sequencePoints.RecordInsertion(jump, target);
            return jump;
        }
    }
}
