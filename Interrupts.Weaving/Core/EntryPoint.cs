using Mono.Cecil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Where a method's entry checkpoint goes: before its first instruction, except in the <c>MoveNext</c> of an async
    /// state machine (async methods, async iterators, <c>async void</c>).
    /// </summary>
    /// <remarks>
    /// There the compiler wraps the body in a <c>try</c> whose <c>catch</c> hands every exception to the method's task.
    /// <c>MoveNext</c> runs again each time the method resumes, on whatever thread completed what it awaited, and an
    /// interrupt thrown before that <c>try</c> would escape to that thread (a thread-pool thread ends the process),
    /// as it does when a ready-made scope that stopped the awaited method is still open. So the checkpoint goes at the
    /// start of that <c>try</c>, and the instructions before it (a load of the state) are not charged.
    /// </remarks>
    internal static class EntryPoint
    {
        public static int Of(MethodDefinition method, ControlFlow flow) =>
            AsyncStateMachine.IsMoveNext(method) && AsyncStateMachine.TaskCatch(method) is { } taskCatch ? flow.IndexOf(taskCatch.TryStart) : 0;
    }
}
