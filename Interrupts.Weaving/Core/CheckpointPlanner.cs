using System;
using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Decides where a method's checkpoints go and what each one charges.
    /// </summary>
    /// <remarks>
    /// <para>Checkpoints go before every branch to the same or an earlier instruction (each loop's back edge; every
    /// cycle has one), at the method's entry (so recursion reaches one; see <see cref="EntryPoint"/>), and wherever a path would otherwise run more
    /// than the interval without one. A loop's checkpoint sits before the branch that closes it, which every
    /// iteration passes exactly once, rather than at its head, which the first iteration also reaches from outside
    /// and which may be the first instruction of a <c>try</c>.</para>
    /// <para>A checkpoint charges the instructions of the longest path from it to the next checkpoint or the end of
    /// the method: it pays in advance for the code it guards. Straight-line code is charged exactly, branching code
    /// its worst case, and the same code and input are always charged the same.</para>
    /// <para>Methods that cannot run for long (<see cref="BoundedMethods"/>) are not planned at all.</para>
    /// </remarks>
    internal sealed class CheckpointPlanner
    {
        private readonly ControlFlow _flow;
        private readonly int _interval;
        private readonly bool[] _checkpointBefore;

        private CheckpointPlanner(ControlFlow flow, int interval)
        {
            _flow = flow;
            _interval = interval;
            _checkpointBefore = new bool[flow.Instructions.Count];
        }

        /// <summary>
        /// Plans the checkpoints of a method that loops or makes a call that could reach a checkpoint, with its entry
        /// checkpoint before the instruction at <paramref name="entry"/> (<see cref="EntryPoint"/>).
        /// </summary>
        public static IReadOnlyList<PlannedCheckpoint> Plan(ControlFlow flow, int interval, int entry)
        {
            var planner = new CheckpointPlanner(flow, interval);
            return planner.Plan(entry);
        }

        private List<PlannedCheckpoint> Plan(int entry)
        {
            var instructions = _flow.Instructions;

            // Past the first instruction, the entry checkpoint is an ordinary one: in the same protected regions as
            // its instruction, and met by any branch to it.
            if (entry > 0)
            {
                _checkpointBefore[entry] = true;
            }

            for (var i = 0; i < instructions.Count; i++)
            {
                if (_flow.IsBackwardBranch(i))
                {
                    if (!_flow.CanInsertBefore(i))
                    {
                        throw new NotSupportedException($"the branch at {instructions[i]} cannot be separated from the instruction before it");
                    }

                    _checkpointBefore[i] = true;
                }
            }

            var plan = new List<PlannedCheckpoint>();
            MeasurePaths(splitLongRuns: true);
            var charges = MeasurePaths(splitLongRuns: false);

            if (entry == 0 && !_checkpointBefore[0])
            {
                plan.Add(new PlannedCheckpoint(0, charges[0], atEntry: true));
            }

            for (var i = 0; i < instructions.Count; i++)
            {
                if (_checkpointBefore[i])
                {
                    plan.Add(new PlannedCheckpoint(i, charges[i], atEntry: false));
                }
            }

            return plan;
        }

        /// <summary>
        /// Computes, for every instruction, the longest path of instructions from it that meets no checkpoint (itself
        /// included). With <paramref name="splitLongRuns"/>, first places a checkpoint wherever such a path would run
        /// longer than the interval; the lengths are then upper bounds, so the plan measures again without splitting.
        /// </summary>
        private int[] MeasurePaths(bool splitLongRuns)
        {
            var count = _flow.Instructions.Count;
            var longest = new int[count];
            var state = new byte[count];
            const byte Visiting = 1, Done = 2;
            var stack = new Stack<int>();

            // Depth-first, successors before the instruction itself; iterative, because methods can be long.
            // Edges into checkpoints are not followed, and every cycle has one, so the walk meets no cycle.
            for (var root = 0; root < count; root++)
            {
                if (state[root] != 0)
                {
                    continue;
                }

                stack.Push(root);
                while (stack.Count > 0)
                {
                    var node = stack.Peek();
                    if (state[node] == 0)
                    {
                        state[node] = Visiting;
                        foreach (var next in _flow.Successors[node])
                        {
                            if (_checkpointBefore[next] || state[next] == Done)
                            {
                                continue;
                            }

                            if (state[next] == Visiting)
                            {
                                throw new InvalidOperationException($"a cycle through {_flow.Instructions[next]} has no checkpoint");
                            }

                            stack.Push(next);
                        }

                        continue;
                    }

                    stack.Pop();
                    if (state[node] == Done)
                    {
                        continue;
                    }

                    var longestAfter = 0;
                    foreach (var next in _flow.Successors[node])
                    {
                        if (_checkpointBefore[next])
                        {
                            continue;
                        }

                        if (splitLongRuns && 1 + longest[next] > _interval && _flow.CanInsertBefore(next))
                        {
                            _checkpointBefore[next] = true;
                            continue;
                        }

                        longestAfter = Math.Max(longestAfter, longest[next]);
                    }

                    longest[node] = 1 + longestAfter;
                    state[node] = Done;
                }
            }

            return longest;
        }
    }

    /// <summary>A checkpoint to insert before the instruction at <see cref="Index"/>.</summary>
    internal readonly struct PlannedCheckpoint
    {
        public PlannedCheckpoint(int index, int charge, bool atEntry)
        {
            Index = index;
            Charge = charge;
            AtEntry = atEntry;
        }

        public int Index { get; }

        /// <summary>IL instructions charged when the checkpoint runs.</summary>
        public int Charge { get; }

        /// <summary>
        /// True for the method's entry checkpoint, which runs once per call; the others also run when a branch
        /// goes to their instruction.
        /// </summary>
        public bool AtEntry { get; }
    }
}
