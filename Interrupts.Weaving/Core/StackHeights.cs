using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>How many values the evaluation stack holds before each instruction of a method body.</summary>
    internal static class StackHeights
    {
        public const int Unreachable = -1;

        /// <summary>
        /// The height before each instruction (by index), or <see cref="Unreachable"/> for code no path reaches. Valid
        /// IL has one height per instruction whichever way it is reached, so the first path found decides it.
        /// </summary>
        public static int[] Before(ControlFlow flow, MethodBody body)
        {
            var heights = new int[flow.Instructions.Count];
            for (var i = 0; i < heights.Length; i++)
            {
                heights[i] = Unreachable;
            }

            var pending = new Stack<int>();
            void Reach(int index, int height)
            {
                if (heights[index] == Unreachable)
                {
                    heights[index] = height;
                    pending.Push(index);
                }
            }

            Reach(0, 0);
            foreach (var handler in body.ExceptionHandlers)
            {
                // A catch handler and a filter start with the exception on the stack.
                var startsWithException = handler.HandlerType == ExceptionHandlerType.Catch || handler.HandlerType == ExceptionHandlerType.Filter;
                Reach(flow.IndexOf(handler.HandlerStart), startsWithException ? 1 : 0);
                if (handler.FilterStart != null)
                {
                    Reach(flow.IndexOf(handler.FilterStart), 1);
                }
            }

            while (pending.Count > 0)
            {
                var index = pending.Pop();
                var instruction = flow.Instructions[index];
                var after = instruction.OpCode.StackBehaviourPop == StackBehaviour.PopAll
                    ? 0
                    : heights[index] - Popped(instruction, body.Method) + Pushed(instruction);
                foreach (var next in flow.Successors[index])
                {
                    Reach(next, after);
                }
            }

            return heights;
        }

        private static int Popped(Instruction instruction, MethodDefinition method)
        {
            switch (instruction.OpCode.StackBehaviourPop)
            {
                case StackBehaviour.Pop0:
                    return 0;
                case StackBehaviour.Pop1:
                case StackBehaviour.Popi:
                case StackBehaviour.Popref:
                    return 1;
                case StackBehaviour.Pop1_pop1:
                case StackBehaviour.Popi_pop1:
                case StackBehaviour.Popi_popi:
                case StackBehaviour.Popi_popi8:
                case StackBehaviour.Popi_popr4:
                case StackBehaviour.Popi_popr8:
                case StackBehaviour.Popref_pop1:
                case StackBehaviour.Popref_popi:
                    return 2;
                case StackBehaviour.Popi_popi_popi:
                case StackBehaviour.Popref_popi_popi:
                case StackBehaviour.Popref_popi_popi8:
                case StackBehaviour.Popref_popi_popr4:
                case StackBehaviour.Popref_popi_popr8:
                case StackBehaviour.Popref_popi_popref:
                    return 3;
                case StackBehaviour.Varpop:
                    return VariablePops(instruction, method);
                default:
                    throw new System.NotSupportedException($"the stack effect of {instruction} is unknown");
            }
        }

        private static int VariablePops(Instruction instruction, MethodDefinition method)
        {
            switch (instruction.OpCode.Code)
            {
                case Code.Ret:
                    return IsVoid(method.ReturnType) ? 0 : 1;
                case Code.Newobj:
                    return ((MethodReference)instruction.Operand).Parameters.Count;
                case Code.Calli:
                    // The arguments, then the function pointer.
                    return Arguments((CallSite)instruction.Operand) + 1;
                default:
                    return Arguments((IMethodSignature)instruction.Operand);
            }
        }

        private static int Arguments(IMethodSignature signature) =>
            signature.Parameters.Count + (signature.HasThis && !signature.ExplicitThis ? 1 : 0);

        // An init-only setter returns void with a required modifier.
        private static bool IsVoid(TypeReference type)
        {
            while (type is IModifierType modified)
            {
                type = modified.ElementType;
            }

            return type.MetadataType == MetadataType.Void;
        }

        private static int Pushed(Instruction instruction)
        {
            switch (instruction.OpCode.StackBehaviourPush)
            {
                case StackBehaviour.Push0:
                    return 0;
                case StackBehaviour.Push1_push1:
                    return 2;
                case StackBehaviour.Varpush:
                    return instruction.OpCode.Code == Code.Newobj || !IsVoid(((IMethodSignature)instruction.Operand).ReturnType) ? 1 : 0;
                default:
                    return 1;
            }
        }
    }
}
