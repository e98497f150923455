using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Fody
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

        private readonly HashSet<MethodDefinition> _bounded = new HashSet<MethodDefinition>();

        public BoundedMethods(ModuleDefinition module)
        {
            var candidates = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody && !HasLoop(m.Body)).ToList();
            bool added;
            do
            {
                added = false;
                foreach (var method in candidates.Where(m => !_bounded.Contains(m)).ToList())
                {
                    if (method.Body.Instructions.All(i => i.OpCode.FlowControl != FlowControl.Call || IsBoundedCall(i)))
                    {
                        added |= _bounded.Add(method);
                    }
                }
            }
            while (added);
        }

        /// <summary>True when <paramref name="call"/> is a call that can neither loop nor recurse.</summary>
        public bool IsBoundedCall(Instruction call)
        {
            if (!(call.Operand is MethodReference callee) || call.OpCode.Code == Code.Calli)
            {
                return false;
            }

            if (FrameworkCallees.Contains(callee.DeclaringType.FullName + "::" + callee.Name))
            {
                return true;
            }

            var definition = (callee as GenericInstanceMethod)?.ElementMethod as MethodDefinition ?? callee as MethodDefinition;
            return definition != null && !definition.IsVirtual && _bounded.Contains(definition);
        }

        private static bool HasLoop(MethodBody body) =>
            body.Instructions.Any(i => i.Operand switch
            {
                Instruction target => target.Offset <= i.Offset,
                Instruction[] targets => targets.Any(t => t.Offset <= i.Offset),
                _ => false,
            });
    }
}
