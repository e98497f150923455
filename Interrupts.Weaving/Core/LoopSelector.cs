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
    /// <see cref="MaxInstructions"/> (<see cref="MaxNestInstructions"/> for a loop with loops inside it). A loop inside
    /// a copied one is copied with it. Loops that cross the boundary of a try, catch, finally or filter are left alone
    /// (the copy could not lie in the same ones), and so are loops whose tests would not go where the stack is empty
    /// (<see cref="FindTests"/>).
    /// </remarks>
    internal static class LoopSelector
    {
        /// <summary>
        /// The longest innermost loop copied, in IL instructions: a few statements, where an iteration takes a few
        /// cycles and a register spilled to the stack is felt (spectral-norm's, which calls a one-line method, is 40).
        /// </summary>
        public const int MaxInstructions = 48;

        /// <summary>
        /// The longest loop nest copied whole, in IL instructions: less than an innermost loop, because a nest's copy
        /// keeps the values of all its loops alive at once across its calls (a matrix multiply's nest of two, copied
        /// whole at 48, ran in a counting scope at 4.2x the unwoven code against 2.2x with its inner loop alone copied).
        /// </summary>
        public const int MaxNestInstructions = 32;

        /// <summary>
        /// The loops of a method worth copying: the outermost that qualify, so that a loop nest is copied whole and
        /// none of its loops keeps a call.
        /// </summary>
        public static List<CopiedLoop> Select(ControlFlow flow, MethodBody body, IReadOnlyList<PlannedCheckpoint> plan, BoundedMethods bounded)
        {
            var candidates = new List<CopiedLoop>();
            int[]? heights = null;
            var boundaries = BoundariesOfProtectedRegions(flow, body);
            var checkpoints = new HashSet<int>(plan.Select(checkpoint => checkpoint.Index));
            for (var latch = 0; latch < flow.Instructions.Count; latch++)
            {
                var branch = flow.Instructions[latch];
                if (branch.OpCode.Code == Code.Leave || !(branch.Operand is Instruction target))
                {
                    continue;
                }

                var head = flow.IndexOf(target);
                if (head > latch
                    || latch - head + 1 > (HasInnerLoop(flow, head, latch) ? MaxNestInstructions : MaxInstructions)
                    || HasCall(flow, head, latch, bounded)
                    || CrossesBoundary(boundaries, head, latch))
                {
                    continue;
                }

                heights ??= StackHeights.Before(flow, body);
                var tests = FindTests(flow, heights, checkpoints, head, latch);
                if (tests != null)
                {
                    candidates.Add(new CopiedLoop(head, latch, tests, LeadIn(flow, head, latch, tests)));
                }
            }

            // Loops inside a copied one are copied with it; of two that overlap without nesting (only hand-written IL
            // lays loops out so), neither is.
            var loops = candidates
                .Where(loop => candidates.All(other => other == loop || !Overlap(loop, other) || Contains(loop, other)))
                .ToList();
            LeaseAtEntry(flow, plan, checkpoints, loops);
            return loops;
        }

        /// <summary>
        /// Marks the first test that the method's entry checkpoint alone reaches, through code that calls nothing and
        /// that no branch or other checkpoint enters, as <see cref="LoopTest.LeasedAtEntry"/>: nothing can count or
        /// change scopes between the entry and the test, so the entry can take the copy's lease.
        /// </summary>
        private static void LeaseAtEntry(ControlFlow flow, IReadOnlyList<PlannedCheckpoint> plan, HashSet<int> checkpoints, List<CopiedLoop> loops)
        {
            if (loops.Count == 0 || !plan.Any(checkpoint => checkpoint.AtEntry))
            {
                return;
            }

            for (var i = 0; !flow.IsBranchTarget(i) && (i == 0 || !checkpoints.Contains(i)); i++)
            {
                var leased = loops.FindIndex(loop => loop.Tests.Any(test => test.At == i));
                if (leased >= 0)
                {
                    loops[leased] = loops[leased].WithTestLeasedAtEntry(i);
                    return;
                }

                if (flow.Instructions[i].OpCode.FlowControl == FlowControl.Call || flow.Successors[i].Length != 1 || flow.Successors[i][0] != i + 1)
                {
                    return;
                }
            }
        }

        private static bool Overlap(CopiedLoop a, CopiedLoop b) => a.Head <= b.Latch && b.Head <= a.Latch;

        private static bool Contains(CopiedLoop outer, CopiedLoop inner) => outer.Head <= inner.Head && inner.Latch <= outer.Latch;

        /// <summary>
        /// Where the loop tests whether to move to its copy: at the start of each iteration of it and of the loops inside
        /// it (the target of every branch back), and on every branch that enters it elsewhere (a <c>for</c> loop's jump
        /// to its condition), so that code which starts the loop with checkpoints armed runs every checkpoint in the copy.
        /// A test between a loop's body and its condition costs the JIT its best loop (the condition is no longer at
        /// the bottom): the woven array sum with its test there ran at 2.0x the unwoven code, with its tests here at
        /// 1.5x. Null when a test would not go where the stack is empty (a branch that carries values makes the JIT
        /// copy them to temporaries and lose the loop's shape), or a branch into the loop is not a plain forward
        /// <c>br</c> with no checkpoint before it.
        /// </summary>
        /// <remarks>
        /// Once inside, the original loop is not tested again until its next iteration: a checkpoint armed meanwhile
        /// by another flow's scope or a signal waits at most an iteration, and the current flow's own counting scopes
        /// cannot open while the loop runs, as it calls nothing that could open one.
        /// </remarks>
        private static List<LoopTest>? FindTests(ControlFlow flow, int[] heights, HashSet<int> checkpoints, int head, int latch)
        {
            var iterationStarts = new SortedSet<int>(BranchesBack(flow, head, latch).Select(branch => branch.To));
            if (iterationStarts.Any(start => heights[start] != 0 || !flow.CanInsertBefore(start)))
            {
                return null;
            }

            var tests = iterationStarts.Select(start => new LoopTest(start, start)).ToList();

            for (var i = 0; i < flow.Instructions.Count; i++)
            {
                if (i >= head && i <= latch)
                {
                    continue;
                }

                foreach (var successor in flow.Successors[i])
                {
                    if (successor < head || successor > latch || iterationStarts.Contains(successor))
                    {
                        continue;
                    }

                    if (flow.Instructions[i].OpCode.Code is not (Code.Br or Code.Br_S)
                        || successor < i
                        || heights[i] != 0
                        || checkpoints.Contains(i)
                        || !flow.CanInsertBefore(i))
                    {
                        return null;
                    }

                    tests.Add(new LoopTest(i, successor));
                }
            }

            return tests;
        }

        /// <summary>
        /// What the loop runs from each test that resumes elsewhere than at its head (a <c>for</c> loop's jump to its
        /// condition, an inner loop's iteration start) until it branches back to its head. The copy runs these on a
        /// copy of their own: a copy entered both at its head and at its condition is a loop with two entries, which
        /// the JIT does not optimize as a loop (the array sum in a counting scope ran at 4.4x the unwoven code so,
        /// 2.4x entered at its head alone).
        /// </summary>
        private static List<int> LeadIn(ControlFlow flow, int head, int latch, List<LoopTest> tests)
        {
            var reached = new SortedSet<int>();
            var pending = new Stack<int>(tests.Select(test => test.Resume).Where(resume => resume != head));
            while (pending.Count > 0)
            {
                var index = pending.Pop();
                if (reached.Add(index))
                {
                    foreach (var successor in flow.Successors[index])
                    {
                        if (successor > head && successor <= latch)
                        {
                            pending.Push(successor);
                        }
                    }
                }
            }

            return reached.ToList();
        }

        // True when a branch back other than the loop's own closes another loop inside it.
        private static bool HasInnerLoop(ControlFlow flow, int head, int latch) =>
            BranchesBack(flow, head, latch).Any(branch => branch.From < latch);

        // Each branch from the loop back to it: the loop's own, at its latch, and those of the loops inside it.
        private static IEnumerable<(int From, int To)> BranchesBack(ControlFlow flow, int head, int latch)
        {
            for (var i = head; i <= latch; i++)
            {
                foreach (var successor in flow.Successors[i])
                {
                    if (successor >= head && successor <= i)
                    {
                        yield return (i, successor);
                    }
                }
            }
        }

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
