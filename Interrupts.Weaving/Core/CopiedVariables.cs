using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// The locals and arguments that a loop's copy (<see cref="LoopCopier"/>) works on in locals of its own: moved in as
    /// it is entered, and back out as it leaves to the code after the loop.
    /// </summary>
    /// <remarks>
    /// <para>The copy makes calls (to take and renew its lease). A variable alive across a call must stay in one of the
    /// few registers a call preserves (on x64 Linux, no floating-point register at all) or on the stack, and the JIT,
    /// which gives a variable one place for long stretches, then keeps it on the stack in the original loop too, which
    /// makes no call: spectral-norm's sum was stored and loaded again in every iteration (2.5x the unwoven code, 1.0x
    /// with a variable of the copy's own). The copy's own variables still pay for its calls in the copy; parking them
    /// in a third set of locals around each call did not help, as the JIT propagates the copies away.</para>
    /// <para>Only where nothing can see the difference: the loop lies in no <c>try</c> block, so an exception thrown in
    /// the copy leaves the method and no handler or code after one reads a variable not moved back; and variables
    /// whose address is taken anywhere in the method, pinned ones and <c>this</c> stay shared.</para>
    /// </remarks>
    internal sealed class CopiedVariables
    {
        // Each local (VariableDefinition) or argument (ParameterDefinition) of the loop that the copy has a local for.
        private readonly Dictionary<object, VariableDefinition> _own = new Dictionary<object, VariableDefinition>();

        // Those of them the loop writes: the only ones whose value can have changed when the copy leaves.
        private readonly HashSet<object> _written = new HashSet<object>();

        private CopiedVariables()
        {
        }

        /// <summary>The variables the copy of <paramref name="loop"/> gets of its own, added to <paramref name="body"/>'s locals.</summary>
        public static CopiedVariables For(MethodBody body, IList<Instruction> original, CopiedLoop loop)
        {
            var variables = new CopiedVariables();
            if (IsInTryBlock(body, original, loop))
            {
                return variables;
            }

            var shared = new HashSet<object>(original
                .Where(i => i.OpCode.Code == Code.Ldloca || i.OpCode.Code == Code.Ldarga)
                .Select(i => i.Operand));
            for (var i = loop.Head; i <= loop.Latch; i++)
            {
                var variable = original[i].Operand;
                var type = variable switch
                {
                    VariableDefinition local when !local.IsPinned => local.VariableType,
                    ParameterDefinition argument when argument != body.ThisParameter => argument.ParameterType,
                    _ => null,
                };
                if (type != null && !shared.Contains(variable!) && !variables._own.ContainsKey(variable!))
                {
                    var own = new VariableDefinition(type);
                    body.Variables.Add(own);
                    variables._own.Add(variable!, own);
                }

                if (original[i].OpCode.Code is Code.Stloc or Code.Starg)
                {
                    variables._written.Add(variable!);
                }
            }

            return variables;
        }

        /// <summary>Makes <paramref name="clone"/>, an instruction of the copy, use the copy's variables.</summary>
        public void Rename(Instruction clone)
        {
            if (clone.Operand != null && _own.TryGetValue(clone.Operand, out var own))
            {
                if (clone.Operand is ParameterDefinition)
                {
                    clone.OpCode = clone.OpCode.Code == Code.Starg ? OpCodes.Stloc : OpCodes.Ldloc;
                }

                clone.Operand = own;
            }
        }

        /// <summary>What the copy runs as it is entered: each variable's value into the copy's.</summary>
        public IEnumerable<Instruction> MoveIn() =>
            _own.SelectMany(pair => new[] { Load(pair.Key), Instruction.Create(OpCodes.Stloc, pair.Value) });

        /// <summary>What the copy runs as it leaves to the code after the loop: the values of the variables it writes back.</summary>
        public IEnumerable<Instruction> MoveOut() =>
            _own.Where(pair => _written.Contains(pair.Key))
                .SelectMany(pair => new[] { Instruction.Create(OpCodes.Ldloc, pair.Value), Store(pair.Key) });

        private static Instruction Load(object variable) => variable is ParameterDefinition argument
            ? Instruction.Create(OpCodes.Ldarg, argument)
            : Instruction.Create(OpCodes.Ldloc, (VariableDefinition)variable);

        private static Instruction Store(object variable) => variable is ParameterDefinition argument
            ? Instruction.Create(OpCodes.Starg, argument)
            : Instruction.Create(OpCodes.Stloc, (VariableDefinition)variable);

        private static bool IsInTryBlock(MethodBody body, IList<Instruction> original, CopiedLoop loop) =>
            // A loop does not cross a try block's boundary (LoopSelector), so where its head lies, it lies.
            body.ExceptionHandlers.Any(handler =>
                original.IndexOf(handler.TryStart) <= loop.Head && (handler.TryEnd is null || loop.Head < original.IndexOf(handler.TryEnd)));
    }
}
