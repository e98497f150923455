using System;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Makes code hold interrupts while it runs, by bracketing it with <c>Checkpoint.EnterHeldRegion</c> and
    /// <c>Checkpoint.ExitHeldRegion</c>. The exit sits in a finally block of its own, so a region is left however it
    /// ends; only exception filters, which cannot contain a try, exit at their <c>endfilter</c>.
    /// </summary>
    /// <remarks>
    /// A region needs bracketing only when it can reach a checkpoint: when it has one, or calls anything that might
    /// (<see cref="BoundedMethods"/>). Works on a body whose macros are simplified.
    /// </remarks>
    internal sealed class HeldRegionWriter
    {
        private readonly MethodBody _body;
        private readonly RuntimeReferences _runtime;
        private readonly int? _holdBound;
        private readonly BoundedMethods _bounded;
        private readonly SequencePointKeeper _sequencePoints;

        private HeldRegionWriter(MethodDefinition method, RuntimeReferences runtime, int? holdBound, BoundedMethods bounded, SequencePointKeeper sequencePoints)
        {
            _body = method.Body;
            _runtime = runtime;
            _holdBound = holdBound;
            _bounded = bounded;
            _sequencePoints = sequencePoints;
        }

        /// <summary>
        /// Holds interrupts in the whole body of <paramref name="method"/>, which has checkpoints; for at most
        /// <paramref name="holdBound"/> instructions once one is due, unless it is null (trusted code).
        /// </summary>
        public static void HoldWholeBody(MethodDefinition method, RuntimeReferences runtime, int? holdBound, BoundedMethods bounded, SequencePointKeeper sequencePoints) =>
            new HeldRegionWriter(method, runtime, holdBound, bounded, sequencePoints).WrapBody(method);

        /// <summary>
        /// Holds interrupts in the finally and fault handlers and the exception filters of <paramref name="method"/>; for
        /// at most <paramref name="holdBound"/> instructions once one is due, unless it is null (trusted code).
        /// </summary>
        /// <remarks>
        /// Untrusted code's filters are not held at all: a filter cannot hold a finally block, so one that a bounded hold
        /// cut would never exit its region, and would leave its thread inside it. An interrupt in a filter makes .NET
        /// take the filter as false; a stop comes again at the next checkpoint.
        /// </remarks>
        public static void HoldHandlersAndFilters(MethodDefinition method, RuntimeReferences runtime, int? holdBound, BoundedMethods bounded, SequencePointKeeper sequencePoints)
        {
            var writer = new HeldRegionWriter(method, runtime, holdBound, bounded, sequencePoints);
            foreach (var clause in method.Body.ExceptionHandlers.ToList())
            {
                if (clause.HandlerType == ExceptionHandlerType.Finally || clause.HandlerType == ExceptionHandlerType.Fault)
                {
                    writer.WrapHandler(clause);
                }
                else if (clause.HandlerType == ExceptionHandlerType.Filter && holdBound is null)
                {
                    writer.WrapFilter(clause);
                }
            }
        }

        private void WrapBody(MethodDefinition method)
        {
            var instructions = _body.Instructions;
            if (instructions.Any(i => i.OpCode.Code == Code.Jmp))
            {
                throw new NotSupportedException("a method that holds interrupts cannot end in jmp");
            }

            var token = _body.AddVariable(method.Module.TypeSystem.Int32);
            var returnsValue = method.ReturnType.MetadataType != MetadataType.Void;
            var result = returnsValue ? _body.AddVariable(method.ReturnType) : null;
            var end = returnsValue
                ? new[] { Instruction.Create(OpCodes.Ldloc, result), Instruction.Create(OpCodes.Ret) }
                : new[] { Instruction.Create(OpCodes.Ret) };

            // A value returned must be stored before leaving the try: every ret branches to one store.
            var store = returnsValue
                ? new[] { Instruction.Create(OpCodes.Stloc, result), Instruction.Create(OpCodes.Leave, end[0]) }
                : Array.Empty<Instruction>();
            foreach (var instruction in instructions)
            {
                switch (instruction.OpCode.Code)
                {
                    // A tail call cannot leave a protected region; it becomes an ordinary call.
                    case Code.Tail:
                        instruction.OpCode = OpCodes.Nop;
                        break;

                    // Changed in place, so that branches to the ret still reach it.
                    case Code.Ret:
                        instruction.OpCode = returnsValue ? OpCodes.Br : OpCodes.Leave;
                        instruction.Operand = returnsValue ? store[0] : end[0];
                        break;
                }
            }

            var first = instructions[0];
            InsertBefore(first, Enter(token), RegionEdge.Start);
            var exit = ExitHandler(token);
            InsertBefore(null, store.Concat(exit).Concat(end).ToArray(), RegionEdge.Start);

            // Last in the table: it encloses every other clause.
            _body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
            {
                TryStart = first,
                TryEnd = exit[0],
                HandlerStart = exit[0],
                HandlerEnd = end[0],
            });
        }

        private void WrapHandler(ExceptionHandler clause)
        {
            var (start, end) = _body.Range(clause.HandlerStart, clause.HandlerEnd);
            if (!Calls(start, end))
            {
                return;
            }

            var instructions = _body.Instructions;
            var handlerStart = instructions[start];
            var handlerEnd = clause.HandlerEnd;
            var token = _body.AddVariable(_body.Method.Module.TypeSystem.Int32);
            var lastEndFinally = Instruction.Create(OpCodes.Endfinally);

            // The handler's own endfinally instructions now leave the inner try; those of handlers nested in it stay.
            var nestedHandlers = _body.ExceptionHandlers.Where(c => c != clause).Select(c => _body.Range(c.HandlerStart, c.HandlerEnd)).ToList();
            for (var i = start; i < end; i++)
            {
                if (instructions[i].OpCode.Code == Code.Endfinally && !nestedHandlers.Any(h => h.Start <= i && i < h.End && h.Start >= start))
                {
                    instructions[i].OpCode = OpCodes.Leave;
                    instructions[i].Operand = lastEndFinally;
                }
            }

            var enter = Enter(token);
            InsertBefore(handlerStart, enter, RegionEdge.Start);
            clause.HandlerStart = enter[0];
            var exit = ExitHandler(token);
            var tail = exit.Append(lastEndFinally).ToArray();
            InsertBefore(handlerEnd, tail, RegionEdge.End);

            // Before the clause it lies in, after the clauses nested in it: the table lists inner regions first.
            _body.ExceptionHandlers.Insert(_body.ExceptionHandlers.IndexOf(clause), new ExceptionHandler(ExceptionHandlerType.Finally)
            {
                TryStart = handlerStart,
                TryEnd = exit[0],
                HandlerStart = exit[0],
                HandlerEnd = lastEndFinally,
            });
        }

        private void WrapFilter(ExceptionHandler clause)
        {
            var (start, end) = _body.Range(clause.FilterStart, clause.HandlerStart);
            if (!Calls(start, end))
            {
                return;
            }

            var instructions = _body.Instructions;
            var token = _body.AddVariable(_body.Method.Module.TypeSystem.Int32);
            var endFilters = instructions.Skip(start).Take(end - start).Where(i => i.OpCode.Code == Code.Endfilter).ToList();
            var filterStart = instructions[start];

            var enter = Enter(token);
            InsertBefore(filterStart, enter, RegionEdge.Start);
            clause.FilterStart = enter[0];
            foreach (var endFilter in endFilters)
            {
                // The filter's verdict stays on the stack under the exit call.
                var exit = Exit(token);
                InsertBefore(endFilter, exit, RegionEdge.End);
                Retarget(endFilter, exit[0]);
            }
        }

        private Instruction[] Enter(VariableDefinition token) =>
            _holdBound is { } bound
                ? new[] { Instruction.Create(OpCodes.Ldc_I4, bound), Instruction.Create(OpCodes.Call, _runtime.EnterBoundedRegion), Instruction.Create(OpCodes.Stloc, token) }
                : new[] { Instruction.Create(OpCodes.Call, _runtime.EnterHeldRegion), Instruction.Create(OpCodes.Stloc, token) };

        private Instruction[] Exit(VariableDefinition token) =>
            new[] { Instruction.Create(OpCodes.Ldloc, token), Instruction.Create(OpCodes.Call, _runtime.ExitHeldRegion) };

        /// <summary>The finally handler that ends a held region however it is left.</summary>
        private Instruction[] ExitHandler(VariableDefinition token) => Exit(token).Append(Instruction.Create(OpCodes.Endfinally)).ToArray();

        /// <summary>
        /// Inserts <paramref name="code"/> in front of <paramref name="before"/> (null: at the end of the body). Branches
        /// still reach <paramref name="before"/> itself; <paramref name="edge"/> says which regions the code joins.
        /// </summary>
        private void InsertBefore(Instruction? before, Instruction[] code, RegionEdge edge)
        {
            _sequencePoints.RecordInsertion(code[0], before);
            if (edge == RegionEdge.Start)
            {
                BodyEditing.EndRegionsAt(_body.ExceptionHandlers, before, code[0]);
            }

            _body.InsertBefore(before, code);
        }

        private void Retarget(Instruction from, Instruction to)
        {
            foreach (var instruction in _body.Instructions)
            {
                BranchTargets.Map(instruction, target => target == from ? to : target);
            }
        }

        private bool Calls(int start, int end) =>
            _body.Instructions.Skip(start).Take(end - start).Any(i => i.OpCode.FlowControl == FlowControl.Call && !_bounded.IsBoundedCall(i));

        /// <summary>Where inserted code goes relative to the regions around it.</summary>
        private enum RegionEdge
        {
            /// <summary>Opens what follows: the regions that ended where it goes now end before it.</summary>
            Start,

            /// <summary>Closes what precedes: it joins the regions that end where it goes.</summary>
            End,
        }
    }
}
