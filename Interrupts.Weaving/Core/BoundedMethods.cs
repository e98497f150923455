using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Finds the calls that cannot reach a checkpoint: calls of methods of the module that have no loop and make only
    /// such calls themselves (non-virtual, so the callee is known), and of a few methods of .NET that call no user code
    /// (<c>object</c>'s constructor, <c>Monitor.Enter</c> and <c>Exit</c>). Such a call does not earn its caller a
    /// checkpoint, nor a finally block a hold: a constructor that only chains to <c>object()</c>, a method that only
    /// calls getters, the <c>finally</c> that a <c>lock</c> statement ends with, stay as they are.
    /// </summary>
    /// <remarks>
    /// Built up from methods with no call at all, so that methods calling one another in a cycle never count as
    /// bounded, however short each of them is.
    /// </remarks>
    internal sealed class BoundedMethods
    {
        /// <summary>
        /// Methods of .NET that call no code of the caller's (no virtual call on an argument, no delegate), and so cannot
        /// reach a checkpoint: the ones that constructors and <c>lock</c> statements call.
        /// </summary>
        private static readonly HashSet<string> FrameworkCallees = new HashSet<string>
        {
            "System.Object::.ctor",
            "System.Threading.Monitor::Enter",
            "System.Threading.Monitor::Exit",
            "System.Threading.Lock::EnterScope",
            "System.Threading.Lock/Scope::Dispose",
        };

        private static readonly HashSet<string> FrameworkCalleeNames = new HashSet<string>(FrameworkCallees.Select(c => c.Substring(c.IndexOf("::") + 2)));

        /// <summary>
        /// The IL bytes of the largest method taken as inlined: the JIT always inlines methods of up to 16 bytes, and
        /// most of up to about 100 that do not loop, throw or call much.
        /// </summary>
        private const int InlinedSize = 32;

        private readonly HashSet<MethodDefinition> _bounded = new HashSet<MethodDefinition>();

        public BoundedMethods(ModuleDefinition module)
        {
            // Each method waits for the distinct callees of this module it depends on; one with none left is bounded,
            // and frees those waiting for it. A method in a cycle waits for itself, through the cycle, for ever.
            var waitingFor = new Dictionary<MethodDefinition, int>();
            var waiters = new Dictionary<MethodDefinition, List<MethodDefinition>>();
            var ready = new Queue<MethodDefinition>();
            foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
            {
                var callees = Callees(method.Body);
                if (callees is null)
                {
                    continue;
                }

                waitingFor[method] = callees.Count;
                foreach (var callee in callees)
                {
                    if (!waiters.TryGetValue(callee, out var list))
                    {
                        waiters[callee] = list = new List<MethodDefinition>();
                    }

                    list.Add(method);
                }

                if (callees.Count == 0)
                {
                    ready.Enqueue(method);
                }
            }

            while (ready.Count > 0)
            {
                var method = ready.Dequeue();
                _bounded.Add(method);
                if (waiters.TryGetValue(method, out var list))
                {
                    foreach (var waiter in list.Where(w => --waitingFor[w] == 0))
                    {
                        ready.Enqueue(waiter);
                    }
                }
            }
        }

        /// <summary>True when <paramref name="method"/> can neither loop nor reach a checkpoint through its calls.</summary>
        public bool Contains(MethodDefinition method) => _bounded.Contains(method);

        /// <summary>True when <paramref name="call"/> is a call that can neither loop nor recurse.</summary>
        public bool IsBoundedCall(Instruction call) =>
            IsFrameworkCallee(call) || (Definition(call) is { IsVirtual: false } callee && _bounded.Contains(callee));

        /// <summary>
        /// True when <paramref name="call"/> calls a bounded method of the module small enough that the JIT inlines it
        /// (a getter, a formula): then the call leaves nothing of itself in the caller's machine code.
        /// </summary>
        public bool IsInlinedCall(Instruction call) =>
            call.OpCode.Code == Code.Call
            && Definition(call) is { IsVirtual: false, HasBody: true } callee
            && _bounded.Contains(callee)
            && callee.Body.CodeSize <= InlinedSize;

        /// <summary>
        /// The methods of the module that <paramref name="body"/> calls, when it has no loop and calls nothing else
        /// that could reach a checkpoint; otherwise null.
        /// </summary>
        private static HashSet<MethodDefinition>? Callees(MethodBody body)
        {
            var callees = new HashSet<MethodDefinition>();
            InstructionIndex.NumberOffsets(body.Instructions);
            foreach (var instruction in body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case Instruction target when target.Offset <= instruction.Offset:
                    case Instruction[] targets when targets.Any(t => t.Offset <= instruction.Offset):
                        return null;
                }

                if (instruction.OpCode.FlowControl != FlowControl.Call || IsFrameworkCallee(instruction))
                {
                    continue;
                }

                if (!(Definition(instruction) is { IsVirtual: false } callee) || callee.Module != body.Method.Module || !callee.HasBody)
                {
                    return null;
                }

                callees.Add(callee);
            }

            return callees;
        }

        // The names first: a type's full name is built anew each time it is asked for, and most calls are not these.
        private static bool IsFrameworkCallee(Instruction call) =>
            call.Operand is MethodReference callee
            && FrameworkCalleeNames.Contains(callee.Name)
            && FrameworkCallees.Contains(callee.DeclaringType.FullName + "::" + callee.Name);

        private static MethodDefinition? Definition(Instruction call) =>
            call.OpCode.Code == Code.Calli ? null
            : call.Operand switch
            {
                GenericInstanceMethod generic => generic.ElementMethod as MethodDefinition,
                MethodDefinition definition => definition,
                _ => null,
            };
    }
}
