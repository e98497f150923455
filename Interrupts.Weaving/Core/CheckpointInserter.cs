using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Inserts planned checkpoints into a method body without breaking it: branches, switch tables and exception
    /// handler boundaries that pointed at an instruction now point at the code inserted before it, so the checkpoint
    /// runs on every path to the instruction and lies in the same protected regions. The entry checkpoint is the
    /// exception: it runs once per call, so branches back to the first instruction do not reach it.
    /// </summary>
    /// <remarks>
    /// The checkpoints of a copied loop (<see cref="LoopCopier"/>) go into its copy, where they pay from a lease. The
    /// original tests, as each of its iterations starts and on the branches that enter it, whether checkpoints have
    /// work, and if so moves to the same place in the copy (<see cref="LoopSelector"/>): counting goes on as if the loop
    /// had never been copied.
    /// </remarks>
    internal static class CheckpointInserter
    {
        /// <summary>Inserts the checkpoints of <paramref name="plan"/>; returns how many went in, each copy's counted.</summary>
        public static int Insert(
            MethodDefinition method,
            IReadOnlyList<PlannedCheckpoint> plan,
            IReadOnlyList<CopiedLoop> loops,
            RuntimeReferences runtime,
            int interval,
            SequencePointKeeper sequencePoints)
        {
            var instructions = method.Body.Instructions;
            var original = instructions.ToArray();

            // Every copy is made before any is inserted, so each takes its lines from the original code alone.
            var copies = loops.Select(loop => LoopCopier.Copy(method.Body, original, loop, runtime, interval, sequencePoints)).ToList();
            foreach (var copy in copies)
            {
                copy.InsertInto(instructions);
            }

            // Tests first: of two pieces of code inserted before one instruction, the one listed later comes first, and
            // a method whose first instruction starts a loop enters the method's entry checkpoint before its test,
            // to which the loop branches back.
            var insertions = new List<Insertion>();
            foreach (var copy in copies)
            {
                foreach (var test in copy.Loop.Tests)
                {
                    insertions.Add(new Insertion(original[test.At], redirect: true, copy.Test(test, original[test.Resume])));
                }
            }

            var tests = insertions.Count;
            var leasedAtEntry = copies.Find(copy => copy.Loop.Tests.Any(test => test.LeasedAtEntry));

            // A copy runs an inner loop's condition in place of the jump to it (LoopCopier), so the checkpoints planned
            // before the jump and before the condition both fall before one instruction there: one checkpoint pays
            // both charges (of two, the first would branch past the second to the instruction while its lease lasts).
            var inCopies = new List<(LoopCopier Copy, Instruction Before, int Charge)>();

            foreach (var checkpoint in plan)
            {
                var before = original[checkpoint.Index];
                var copy = copies.Find(c => c.Loop.Contains(checkpoint.Index));
                if (checkpoint.AtEntry)
                {
                    // Recursion deepens the stack only through method entries, so only they probe it.
                    insertions.Add(new Insertion(
                        before,
                        redirect: false,
                        leasedAtEntry?.EntryTakingLease(checkpoint.Charge)
                            ?? new[] { Instruction.Create(OpCodes.Ldc_I4, checkpoint.Charge), Instruction.Create(OpCodes.Call, runtime.Enter) }));
                }
                else if (copy is null)
                {
                    insertions.Add(new Insertion(
                        before,
                        redirect: true,
                        Instruction.Create(OpCodes.Ldc_I4, checkpoint.Charge),
                        Instruction.Create(OpCodes.Call, runtime.Tick)));
                }
                else
                {
                    inCopies.AddRange(copy.CopiesOf(before).Select(copied => (copy, copied, checkpoint.Charge)));
                }
            }

            foreach (var shared in inCopies.GroupBy(checkpoint => checkpoint.Before))
            {
                var copy = shared.First().Copy;
                insertions.Add(new Insertion(shared.Key, redirect: true, copy.Checkpoint(shared.Sum(checkpoint => checkpoint.Charge), shared.Key)));
            }

            foreach (var insertion in insertions)
            {
                sequencePoints.RecordInsertion(insertion.Code[0], insertion.Before);
            }

            var redirects = new Dictionary<Instruction, Instruction>();
            foreach (var insertion in insertions.Where(i => i.Redirect))
            {
                redirects[insertion.Before] = insertion.Code[0];
            }

            Retarget(method.Body, redirects);

            // Back to front, so each insertion leaves the indexes of the ones to come; all found before the first.
            var index = new InstructionIndex(instructions);
            foreach (var (insertion, at) in insertions.Select(i => (Insertion: i, At: index[i.Before])).OrderByDescending(i => i.At).ToList())
            {
                for (var j = insertion.Code.Length - 1; j >= 0; j--)
                {
                    instructions.Insert(at, insertion.Code[j]);
                }
            }

            return insertions.Count - tests;
        }

        private static void Retarget(MethodBody body, Dictionary<Instruction, Instruction> redirects)
        {
            if (redirects.Count == 0)
            {
                return;
            }

            foreach (var instruction in body.Instructions)
            {
                BranchTargets.Map(instruction, target => redirects.TryGetValue(target, out var redirect) ? redirect : target);
            }

            foreach (var handler in body.ExceptionHandlers)
            {
                handler.TryStart = Redirect(handler.TryStart, redirects);
                handler.TryEnd = Redirect(handler.TryEnd, redirects);
                handler.HandlerStart = Redirect(handler.HandlerStart, redirects);
                handler.HandlerEnd = Redirect(handler.HandlerEnd, redirects);
                handler.FilterStart = Redirect(handler.FilterStart, redirects);
            }
        }

        private static Instruction? Redirect(Instruction? boundary, Dictionary<Instruction, Instruction> redirects) =>
            boundary != null && redirects.TryGetValue(boundary, out var redirect) ? redirect : boundary;

        /// <summary>Code to insert before an instruction.</summary>
        private sealed class Insertion
        {
            public Insertion(Instruction before, bool redirect, params Instruction[] code)
            {
                Before = before;
                Redirect = redirect;
                Code = code;
            }

            public Instruction Before { get; }

            /// <summary>Whether branches to <see cref="Before"/> go to the inserted code instead.</summary>
            public bool Redirect { get; }

            public Instruction[] Code { get; }
        }
    }
}
