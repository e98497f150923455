using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Makes the catch blocks of a woven method unable to end an interrupt: however a block ends (falling through,
    /// returning, throwing an exception of its own, directly or from a method it calls, or rethrowing), it ends by
    /// throwing on the interrupt of a stopped scope of its flow, if there is one (<c>Checkpoint.ResumeInterrupt</c>).
    /// </summary>
    /// <remarks>
    /// A catch block becomes
    /// <code>
    /// stloc exception; call EnterCatch; stloc interruptible
    /// .try { ldloc exception; (the block, whose leaves to outside it go to the exits below) }
    /// filter { ldloc interruptible; call IsReplacedByInterrupt; endfilter }
    /// { pop; ldloc interruptible; call ResumeInterrupt; rethrow }
    /// exit, for each target the block leaves to: ldloc interruptible; call ResumeInterrupt; leave target
    /// </code>
    /// A filter rather than a catch, so that an exception that is not replaced goes on as if the try were not there
    /// (the filters further out still run before the finally blocks inside the catch, as .NET's two passes have it),
    /// and so does the interrupt itself, when the block throws it on or a checkpoint inside the block throws it again.
    /// The exits lie outside the try, so that the interrupt they throw is not taken by that filter and thrown twice. A
    /// catch block runs only after a throw: the path without exceptions is unchanged.
    /// <para>
    /// Two kinds of catch blocks of async state machines are left alone, because they end nothing: the one by which
    /// <c>MoveNext</c> hands every exception to the method's task (an interrupt thrown from it would escape to whichever
    /// thread resumed the method), and those by which the compiler keeps an exception while the finally code of an
    /// <c>await using</c>, an <c>await foreach</c> or a <c>finally</c> that awaits runs, outside any handler, before it
    /// throws the exception again (a catch of <see cref="object"/> that stores the exception rather than popping it,
    /// which no C# catch clause compiles to).
    /// </para>
    /// </remarks>
    internal sealed class CatchBlockWriter
    {
        private readonly MethodBody _body;
        private readonly RuntimeReferences _runtime;
        private readonly SequencePointKeeper _sequencePoints;

        private CatchBlockWriter(MethodDefinition method, RuntimeReferences runtime, SequencePointKeeper sequencePoints)
        {
            _body = method.Body;
            _runtime = runtime;
            _sequencePoints = sequencePoints;
        }

        /// <summary>The catch blocks of <paramref name="method"/> to rewrite, chosen on its IL as the compiler left it.</summary>
        public static IReadOnlyList<ExceptionHandler> Select(MethodDefinition method)
        {
            var catches = method.Body.ExceptionHandlers.Where(h => h.HandlerType == ExceptionHandlerType.Catch || h.HandlerType == ExceptionHandlerType.Filter);
            if (!AsyncStateMachine.IsMoveNext(method))
            {
                return catches.ToList();
            }

            var taskCatch = AsyncStateMachine.TaskCatch(method);
            return catches.Where(h => h != taskCatch && !KeepsExceptionForFinallyCode(h)).ToList();
        }

        /// <summary>Rewrites <paramref name="catches"/>, from <see cref="Select"/>, in a body whose macros are simplified.</summary>
        public static void Rewrite(MethodDefinition method, IReadOnlyList<ExceptionHandler> catches, RuntimeReferences runtime, SequencePointKeeper sequencePoints)
        {
            var writer = new CatchBlockWriter(method, runtime, sequencePoints);
            foreach (var clause in catches)
            {
                writer.Rewrite(clause);
            }
        }

        private static bool KeepsExceptionForFinallyCode(ExceptionHandler clause) =>
            clause.HandlerType == ExceptionHandlerType.Catch
            && clause.CatchType.MetadataType == MetadataType.Object
            && clause.HandlerStart.OpCode.Code != Code.Pop;

        private void Rewrite(ExceptionHandler clause)
        {
            var first = clause.HandlerStart;
            var end = clause.HandlerEnd;
            var (startIndex, endIndex) = _body.Range(first, end);
            var code = _body.Instructions.Skip(startIndex).Take(endIndex - startIndex).ToList();
            var block = new HashSet<Instruction>(code);
            var nested = _body.ExceptionHandlers.Where(c => c != clause && block.Contains(c.TryStart)).ToList();

            // A filter's handler gets the exception as an object; a catch's, as the type it catches.
            var exception = _body.AddVariable(clause.HandlerType == ExceptionHandlerType.Catch ? clause.CatchType : _body.Method.Module.TypeSystem.Object);
            var interruptible = _body.AddVariable(_body.Method.Module.TypeSystem.Boolean);

            // One exit per target, in the order of the leaves, so that the same input always gives the same IL.
            var exits = new List<Instruction[]>();
            foreach (var leave in code.Where(i => i.OpCode.Code == Code.Leave && !block.Contains((Instruction)i.Operand)))
            {
                var target = (Instruction)leave.Operand;
                var exit = exits.Find(e => e[2].Operand == target);
                if (exit is null)
                {
                    exit = new[]
                    {
                        Instruction.Create(OpCodes.Ldloc, interruptible),
                        Instruction.Create(OpCodes.Call, _runtime.ResumeInterrupt),
                        Instruction.Create(OpCodes.Leave, target),
                    };
                    exits.Add(exit);
                }

                leave.Operand = exit[0];
            }

            // The try cannot start where the handler does: the exception is on the stack there, and a try starts with none.
            var entry = new[]
            {
                Instruction.Create(OpCodes.Stloc, exception),
                Instruction.Create(OpCodes.Call, _runtime.EnterCatch),
                Instruction.Create(OpCodes.Stloc, interruptible),
                Instruction.Create(OpCodes.Ldloc, exception),
            };
            var filter = new[]
            {
                Instruction.Create(OpCodes.Ldloc, interruptible),
                Instruction.Create(OpCodes.Call, _runtime.IsReplacedByInterrupt),
                Instruction.Create(OpCodes.Endfilter),
            };
            var replace = new[]
            {
                Instruction.Create(OpCodes.Pop),
                Instruction.Create(OpCodes.Ldloc, interruptible),
                Instruction.Create(OpCodes.Call, _runtime.ResumeInterrupt),
                Instruction.Create(OpCodes.Rethrow),
            };
            var tail = filter.Concat(replace).Concat(exits.SelectMany(e => e)).ToArray();

            _sequencePoints.RecordInsertion(entry[0], first);
            BodyEditing.EndRegionsAt(_body.ExceptionHandlers, first, entry[0]);
            _body.InsertBefore(first, entry);
            clause.HandlerStart = entry[0];

            // The regions nested in the block end before the tail; those around it (the clause's own handler among them)
            // take the tail in.
            _sequencePoints.RecordInsertion(tail[0], end);
            BodyEditing.EndRegionsAt(nested, end, tail[0]);
            _body.InsertBefore(end, tail);

            // Before the clause it lies in, after the clauses nested in it: the table lists inner regions first.
            _body.ExceptionHandlers.Insert(_body.ExceptionHandlers.IndexOf(clause), new ExceptionHandler(ExceptionHandlerType.Filter)
            {
                TryStart = entry[3],
                TryEnd = filter[0],
                FilterStart = filter[0],
                HandlerStart = replace[0],
                HandlerEnd = exits.Count == 0 ? end : tail[filter.Length + replace.Length],
            });
        }
    }
}
