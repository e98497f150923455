using System.Collections.Generic;
using System.Linq;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Chooses the loops that <see cref="LoopCopier"/> copies, and where each tests whether to move to its copy.
    /// </summary>
    /// <remarks>
    /// Each copy adds its size to the method, so loops that cannot gain much are left alone: loops that make a call (the
    /// call already keeps their values in the registers it preserves), except to small methods of the assembly that
    /// cannot reach a checkpoint (<see cref="BoundedMethods.IsInlinedCall"/>), and loops longer than
    /// <see cref="MaxInstructions"/>. A loop inside a copied one is copied with it. Loops that cross
    /// the boundary of a try, catch, finally or filter are left alone (the copy could not lie in the same ones), and so
    /// are loops whose head has values on the stack (the copy's head follows a branch, where the IL rules want an empty
    /// stack).
    /// </remarks>
    internal static class LoopSelector
    {
        /// <summary>
        /// The longest loop copied, in IL instructions, with any loops inside it: a few statements, where an iteration
        /// takes a few cycles and a register spilled to the stack is felt.
        /// </summary>
        public const int MaxInstructions = 32;

        /// <summary>
        /// The loops of a method worth copying: the outermost that qualify, so that a loop nest is copied whole and
        /// none of its loops keeps a call.
        /// </summary>
        public static List<CopiedLoop> Select(ControlFlow flow, MethodBody body, IReadOnlyList<PlannedCheckpoint> plan, BoundedMethods bounded)
        {
            var candidates = new List<CopiedLoop>();
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
                    || HasCall(flow, head, latch, bounded)
                    || CrossesBoundary(boundaries, head, latch))
                {
                    continue;
                }

                heights ??= StackHeights.Before(flow, body);
                var tests = heights[head] == 0 ? FindTests(flow, heights, head, latch, plan) : null;
                if (tests != null)
                {
                    candidates.Add(new CopiedLoop(head, latch, tests));
                }
            }

            // Loops inside a copied one are copied with it; of two that overlap without nesting (only hand-written IL
            // lays loops out so), neither is.
            return candidates
                .Where(loop => candidates.All(other => other == loop || !Overlap(loop, other) || Contains(loop, other)))
                .ToList();
        }

        private static bool Overlap(CopiedLoop a, CopiedLoop b) => a.Head <= b.Latch && b.Head <= a.Latch;

        private static bool Contains(CopiedLoop outer, CopiedLoop inner) => outer.Head <= inner.Head && inner.Latch <= outer.Latch;

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

        private static bool HasCall(ControlFlow flow, int head, int latch, BoundedMethods bounded)
        {
            for (var i = head; i <= latch; i++)
            {
                if (flow.Instructions[i].OpCode.FlowControl == FlowControl.Call && !bounded.IsInlinedCall(flow.Instructions[i]))
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
    }
}
