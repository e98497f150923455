using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// What the C# compiler builds an async method (async iterator, <c>async void</c>) into: a state machine whose
    /// <c>MoveNext</c> runs the body inside a <c>try</c> whose <c>catch</c> hands every exception to the method's task.
    /// </summary>
    internal static class AsyncStateMachine
    {
        private const string StateMachineInterface = "System.Runtime.CompilerServices.IAsyncStateMachine";

        /// <summary>Whether <paramref name="method"/> is the <c>MoveNext</c> of an async state machine.</summary>
        public static bool IsMoveNext(MethodDefinition method) =>
            method.Name.EndsWith("MoveNext") && method.DeclaringType.Interfaces.Any(i => i.InterfaceType.FullName == StateMachineInterface);

        /// <summary>
        /// The clause whose <c>catch</c> hands exceptions to the task: the outermost <c>try</c> with a <c>catch</c> in
        /// <paramref name="moveNext"/>; null when there is none.
        /// </summary>
        public static ExceptionHandler? TaskCatch(MethodDefinition moveNext)
        {
            var instructions = moveNext.Body.Instructions;
            int IndexOf(Instruction? instruction) => instruction is null ? int.MaxValue : instructions.IndexOf(instruction);

            return moveNext.Body.ExceptionHandlers
                .Where(h => h.HandlerType == ExceptionHandlerType.Catch)
                .OrderBy(h => IndexOf(h.TryStart))
                .ThenByDescending(h => IndexOf(h.TryEnd))
                .FirstOrDefault();
        }
    }
}
