using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Fody
{
    /// <summary>
    /// Inserts planned checkpoints into a method body without breaking it: branches, switch tables and exception
    /// handler boundaries that pointed at an instruction now point at the checkpoint inserted before it, so the
    /// checkpoint runs on every path to the instruction and lies in the same protected regions. The entry checkpoint
    /// is the exception: it runs once per call, so branches back to the first instruction do not reach it.
    /// </summary>
    internal static class CheckpointInserter
    {
        public static void Insert(MethodDefinition method, IReadOnlyList<PlannedCheckpoint> plan, MethodReference tick, SequencePointKeeper sequencePoints)
        {
            var body = method.Body;
            var instructions = body.Instructions;
            var original = new Instruction[instructions.Count];
            instructions.CopyTo(original, 0);

            var redirects = new Dictionary<Instruction, Instruction>();
            var code = new Instruction[plan.Count][];
            for (var i = 0; i < plan.Count; i++)
            {
                code[i] = new[] { Instruction.Create(OpCodes.Ldc_I4, plan[i].Charge), Instruction.Create(OpCodes.Call, tick) };
                sequencePoints.RecordInsertion(code[i][0], original[plan[i].Index]);
                if (!plan[i].AtEntry)
                {
                    redirects.Add(original[plan[i].Index], code[i][0]);
                }
            }

            Retarget(body, redirects);

            // Back to front (the plan is in instruction order), so each insertion leaves the indexes of the ones to come.
            for (var i = plan.Count - 1; i >= 0; i--)
            {
                for (var j = code[i].Length - 1; j >= 0; j--)
                {
                    instructions.Insert(plan[i].Index, code[i][j]);
                }
            }
        }

        private static void Retarget(MethodBody body, Dictionary<Instruction, Instruction> redirects)
        {
            if (redirects.Count == 0)
            {
                return;
            }

            foreach (var instruction in body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case Instruction target when redirects.TryGetValue(target, out var redirect):
                        instruction.Operand = redirect;
                        break;
                    case Instruction[] targets:
                        for (var i = 0; i < targets.Length; i++)
                        {
                            if (redirects.TryGetValue(targets[i], out var redirectedTarget))
                            {
                                targets[i] = redirectedTarget;
                            }
                        }

                        break;
                }
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
    }
}
