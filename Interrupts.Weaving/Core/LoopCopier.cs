using System.Collections.Generic;
using System.Linq;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Gives small loops a copy that counts, so that the loop itself makes no call.
    /// </summary>
    /// <remarks>
    /// <para>A call in a loop costs even when it never runs: the JIT keeps what the loop uses across it in the few
    /// registers a call preserves, and a tight loop spills its counter to the stack (about 2x on the woven array sum).
    /// So a copied loop keeps its own code free of calls: its checkpoints go into the copy, and the loop tests
    /// <c>Checkpoint.IsArmed</c> as each of its iterations starts and on the jumps into it (<see cref="LoopSelector"/>
    /// places the tests). While that is false, nothing anywhere counts instructions or waits for a checkpoint, and the
    /// loop runs as it was compiled plus one test per iteration. When it is true, the loop jumps to the same place in
    /// its copy and finishes there; the next run of the loop starts in the original again.</para>
    /// <para>The copy counts without a call too, mostly: as it starts, it takes a lease of up to the interval's
    /// instructions in advance from the flow's counting scopes (<c>Checkpoint.Lease</c>; or the method's entry takes it
    /// with <c>Checkpoint.EnterLeasing</c>, where the method starts with the loop, and the loop's first test reads the
    /// lease instead of <c>IsArmed</c>), its checkpoints pay from that lease in a local, it calls
    /// <c>Checkpoint.Renew</c> only when the lease runs out, and it gives back what is left as it leaves, adding it to
    /// <c>Checkpoint.Allowance</c>. It makes no other call that could reach a checkpoint, so nothing else can count or
    /// change scopes while it holds the lease.</para>
    /// <para>The copy goes right after the loop, inside the same protected regions, and branches out to where the loop
    /// does. Its loop is entered at its head alone: a test that resumes elsewhere (on the jump to a <c>for</c> loop's
    /// condition) goes to a second copy of what runs from there to the branch back, the lead-in
    /// (<see cref="CopiedLoop.LeadIn"/>), and the loops inside it are entered at their heads too
    /// (<see cref="InnerLoopEnteredAtItsCondition"/>). Where it can, the copy works on variables of its own
    /// (<see cref="CopiedVariables"/>). Which loops are copied, and where their tests go, is
    /// <see cref="LoopSelector"/>'s choice.</para>
    /// </remarks>
    internal sealed class LoopCopier
    {
        private readonly Dictionary<Instruction, Instruction> _copyOf = new Dictionary<Instruction, Instruction>();
        private readonly Dictionary<Instruction, Instruction> _leadInCopyOf = new Dictionary<Instruction, Instruction>();
        private readonly List<Dictionary<Instruction, Instruction>> _rotations = new List<Dictionary<Instruction, Instruction>>();
        private readonly Dictionary<(Instruction Resume, bool Leased), Instruction> _entryAt = new Dictionary<(Instruction, bool), Instruction>();
        private readonly Dictionary<(Instruction Target, bool Leave), Instruction> _exitTo = new Dictionary<(Instruction, bool), Instruction>();
        private readonly List<Instruction> _exits = new List<Instruction>();
        private readonly List<Instruction> _code = new List<Instruction>();

        // The first instruction of each piece of code that is no copy of the loop's.
        private readonly List<Instruction> _inserted = new List<Instruction>();
        private readonly Instruction _latch;
        private readonly VariableDefinition _lease;
        private readonly CopiedVariables _variables;
        private readonly RuntimeReferences _runtime;
        private readonly int _most;

        private LoopCopier(MethodBody body, IList<Instruction> original, CopiedLoop loop, RuntimeReferences runtime, int interval, SequencePointKeeper sequencePoints)
        {
            Loop = loop;
            _latch = original[loop.Latch];
            _runtime = runtime;
            _most = interval;
            _lease = new VariableDefinition(body.Method.Module.TypeSystem.Int32);
            body.Variables.Add(_lease);
            _variables = CopiedVariables.For(body, original, loop);

            // The latch falls through to the loop's exit: the original jumps over the copy to it, and the copy leaves
            // to it through its first exit, right after it.
            var exit = loop.Latch + 1 < original.Count ? original[loop.Latch + 1] : null;
            if (ControlFlow.FallsThrough(_latch.OpCode))
            {
                _code.Add(Inserted(Instruction.Create(OpCodes.Br, exit!)));
                ExitTo(exit!, leave: false);
            }

            var loopProper = CopyInstructions(original, Enumerable.Range(loop.Head, loop.Latch - loop.Head + 1), _copyOf, sequencePoints);
            var leadIn = CopyInstructions(original, loop.LeadIn, _leadInCopyOf, sequencePoints);
            if (leadIn.Count > 0 && ControlFlow.FallsThrough(leadIn[leadIn.Count - 1].OpCode))
            {
                leadIn.Add(Inserted(Instruction.Create(OpCodes.Br, ExitTo(exit!, leave: false))));
            }

            _code.AddRange(loopProper);
            _code.AddRange(_exits);
            _code.AddRange(leadIn);
            foreach (var (resume, leased) in loop.Tests.Select(test => (test.Resume, test.LeasedAtEntry)).Distinct())
            {
                _code.AddRange(Entry(original[resume], leased));
            }

            // Hidden, on the line of the loop's latch, where the copy goes.
            foreach (var start in _inserted)
            {
                sequencePoints.RecordInsertion(start, exit);
            }
        }

        /// <summary>The loop copied.</summary>
        public CopiedLoop Loop { get; }

        /// <summary>
        /// The copies of an instruction of the loop: in the loop proper, and where they are there, in the lead-in and in
        /// the copies of inner loops' conditions.
        /// </summary>
        public IEnumerable<Instruction> CopiesOf(Instruction original)
        {
            yield return _copyOf[original];
            foreach (var copies in _rotations.Prepend(_leadInCopyOf))
            {
                if (copies.TryGetValue(original, out var copy))
                {
                    yield return copy;
                }
            }
        }

        /// <summary>
        /// The code of <paramref name="test"/>, which moves to the copy of <paramref name="resume"/> when checkpoints
        /// have work: a test of <c>Checkpoint.IsArmed</c>, or where the method's entry took the lease
        /// (<see cref="LoopTest.LeasedAtEntry"/>), of whether it did.
        /// </summary>
        public Instruction[] Test(LoopTest test, Instruction resume)
        {
            var entry = _entryAt[(resume, test.LeasedAtEntry)];
            return test.LeasedAtEntry
                ? new[] { Instruction.Create(OpCodes.Ldloc, _lease), Instruction.Create(OpCodes.Ldc_I4_0), Instruction.Create(OpCodes.Bge, entry) }
                : new[] { Instruction.Create(OpCodes.Call, _runtime.IsArmed), Instruction.Create(OpCodes.Brtrue, entry) };
        }

        /// <summary>
        /// The method's entry checkpoint where a test is <see cref="LoopTest.LeasedAtEntry"/>: it charges
        /// <paramref name="charge"/> and stores the copy's lease, -1 when checkpoints have no work, so that the test
        /// stays in the original loop.
        /// </summary>
        public Instruction[] EntryTakingLease(int charge) => new[]
        {
            Instruction.Create(OpCodes.Ldc_I4, charge),
            Instruction.Create(OpCodes.Ldc_I4, _most),
            Instruction.Create(OpCodes.Call, _runtime.EnterLeasing),
            Instruction.Create(OpCodes.Stloc, _lease),
        };

        /// <summary>
        /// A checkpoint of the copy, before <paramref name="before"/>: it pays <paramref name="charge"/> from the lease,
        /// and renews the lease when that runs out.
        /// </summary>
        /// <remarks>
        /// The lease is stored, then loaded again to be tested, rather than kept on the stack with <c>dup</c>: the JIT
        /// compiles both alike, but Mono's interpreter (.NET on WebAssembly) runs the first much faster (three
        /// countdowns in a prime test's loop: 35 ms stored and loaded, 48 ms with <c>dup</c>, 26 ms without countdowns).
        /// </remarks>
        public Instruction[] Checkpoint(int charge, Instruction before) => new[]
        {
            Instruction.Create(OpCodes.Ldloc, _lease),
            Instruction.Create(OpCodes.Ldc_I4, charge),
            Instruction.Create(OpCodes.Sub),
            Instruction.Create(OpCodes.Stloc, _lease),
            Instruction.Create(OpCodes.Ldloc, _lease),
            Instruction.Create(OpCodes.Ldc_I4_0),
            Instruction.Create(OpCodes.Bge, before),
            Instruction.Create(OpCodes.Ldloc, _lease),
            Instruction.Create(OpCodes.Ldc_I4, _most),
            Instruction.Create(OpCodes.Call, _runtime.Renew),
            Instruction.Create(OpCodes.Stloc, _lease),
        };

        /// <summary>Makes the copy of <paramref name="loop"/>, to insert with <see cref="InsertInto"/>.</summary>
        public static LoopCopier Copy(MethodBody body, IList<Instruction> original, CopiedLoop loop, RuntimeReferences runtime, int interval, SequencePointKeeper sequencePoints) =>
            new LoopCopier(body, original, loop, runtime, interval, sequencePoints);

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
        /// The instructions at <paramref name="indexes"/> again, recorded in <paramref name="copyOf"/>: branching within
        /// these, else to the loop proper (the lead-in's branches back to the head), else leaving the copy through
        /// <see cref="ExitTo"/>; a return or throw gives back the lease first. A jump to an inner loop's condition
        /// becomes a copy of that condition (<see cref="InnerLoopEnteredAtItsCondition"/>).
        /// </summary>
        private List<Instruction> CopyInstructions(IList<Instruction> original, IEnumerable<int> indexes, Dictionary<Instruction, Instruction> copyOf, SequencePointKeeper sequencePoints)
        {
            var copies = new List<Instruction>();
            var branches = new List<(Instruction Clone, Dictionary<Instruction, Instruction> Within)>();
            // The index whose copy would follow the last one laid out, with nothing inserted between: any other stands alone.
            var next = -1;
            foreach (var i in indexes)
            {
                if (InnerLoopEnteredAtItsCondition(original, i) is { } inner)
                {
                    var (condition, latch) = inner;
                    var rotation = new Dictionary<Instruction, Instruction>();
                    _rotations.Add(rotation);
                    for (var j = condition; j <= latch; j++)
                    {
                        copies.AddRange(Clone(original, j, rotation, j == condition, sequencePoints, branches));
                    }

                    var over = Inserted(Instruction.Create(OpCodes.Br, original[latch + 1]));
                    branches.Add((over, copyOf));
                    copies.Add(over);
                    copyOf.Add(original[i], rotation[original[condition]]);
                    next = -1;
                }
                else
                {
                    copies.AddRange(Clone(original, i, copyOf, i != next, sequencePoints, branches));
                    next = i + 1;
                }
            }

            foreach (var (clone, within) in branches)
            {
                BranchTargets.Map(clone, target =>
                    within.TryGetValue(target, out var copy) || copyOf.TryGetValue(target, out copy) || _copyOf.TryGetValue(target, out copy)
                        ? copy
                        : ExitTo(target, clone.OpCode.Code == Code.Leave));
            }

            return copies;
        }

        /// <summary>The instruction at <paramref name="index"/> again, as <see cref="CopyInstructions"/> lays it out.</summary>
        private List<Instruction> Clone(
            IList<Instruction> original,
            int index,
            Dictionary<Instruction, Instruction> copyOf,
            bool alone,
            SequencePointKeeper sequencePoints,
            List<(Instruction Clone, Dictionary<Instruction, Instruction> Within)> branches)
        {
            var code = new List<Instruction>();
            var clone = Instruction.Create(OpCodes.Nop);
            clone.OpCode = original[index].OpCode;
            clone.Operand = original[index].Operand;
            _variables.Rename(clone);
            var leavesMethod = clone.OpCode.FlowControl == FlowControl.Return || clone.OpCode.FlowControl == FlowControl.Throw;
            sequencePoints.RecordCopy(clone, original[index], alone || leavesMethod);
            branches.Add((clone, copyOf));
            if (leavesMethod)
            {
                code.AddRange(Release());
                Inserted(code[0]);
            }

            code.Add(clone);
            copyOf.Add(original[index], code[0]);
            return code;
        }

        /// <summary>
        /// Where <c>br</c> at <paramref name="index"/> enters a loop inside the copied one at its condition (a
        /// <c>for</c> or <c>while</c> loop as compilers lay it out): the condition's first index and the loop's branch
        /// back. The copy runs a copy of that condition there instead, which branches to the loop's head or past it, so
        /// that the head has two predecessors: tier 0 then puts its patchpoint for on-stack replacement at the head,
        /// where the stack is empty. With the head's only predecessor the branch back, it looks for one at the block
        /// that branches back, which in a copy starts with the condition's operands on the stack (its checkpoint
        /// goes between them and the branch), and places none: the copy ran at tier 0 to the end (an array sum run
        /// once in a counting scope: 26 ms against 10).
        /// </summary>
        private (int Condition, int Latch)? InnerLoopEnteredAtItsCondition(IList<Instruction> original, int index)
        {
            if (original[index].OpCode.Code != Code.Br)
            {
                return null;
            }

            var condition = original.IndexOf((Instruction)original[index].Operand);
            if (condition < index)
            {
                return null;
            }

            for (var latch = condition; latch < Loop.Latch; latch++)
            {
                if (original[latch].Operand is Instruction back && original.IndexOf(back) is var head && head > index && head < condition)
                {
                    return (condition, latch);
                }
            }

            return null;
        }

        /// <summary>Where tests enter the copy to go on at <paramref name="resume"/>: the variables move in, the copy takes
        /// a lease unless it has one (<paramref name="leased"/>), then goes to the copy of that instruction.</summary>
        private List<Instruction> Entry(Instruction resume, bool leased)
        {
            // The variables move in first, so that the originals are not alive across the call that takes the lease.
            var entry = _variables.MoveIn().ToList();
            if (!leased)
            {
                entry.Add(Instruction.Create(OpCodes.Ldc_I4, _most));
                entry.Add(Instruction.Create(OpCodes.Call, _runtime.Lease));
                entry.Add(Instruction.Create(OpCodes.Stloc, _lease));
            }

            entry.Add(Instruction.Create(OpCodes.Br, _leadInCopyOf.TryGetValue(resume, out var leadIn) ? leadIn : _copyOf[resume]));
            _entryAt.Add((resume, leased), Inserted(entry[0]));
            return entry;
        }

        private Instruction Inserted(Instruction start)
        {
            _inserted.Add(start);
            return start;
        }

        // What is left of the lease goes back to the allowance, added in place rather than by a call (Checkpoint.Allowance
        // says why).
        private Instruction[] Release() => new[]
        {
            Instruction.Create(OpCodes.Ldsfld, _runtime.Allowance),
            Instruction.Create(OpCodes.Ldloc, _lease),
            Instruction.Create(OpCodes.Conv_I8),
            Instruction.Create(OpCodes.Add),
            Instruction.Create(OpCodes.Stsfld, _runtime.Allowance),
        };

        // The way out of the copy to target: the lease goes back and the variables move out first.
        private Instruction ExitTo(Instruction target, bool leave)
        {
            if (!_exitTo.TryGetValue((target, leave), out var start))
            {
                var code = Release();
                start = Inserted(code[0]);
                _exitTo.Add((target, leave), start);
                _exits.AddRange(code);
                _exits.AddRange(_variables.MoveOut());
                _exits.Add(Instruction.Create(leave ? OpCodes.Leave : OpCodes.Br, target));
            }

            return start;
        }
    }
}
