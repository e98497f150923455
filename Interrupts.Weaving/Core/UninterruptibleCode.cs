using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Finds the methods whose whole body holds interrupts: static constructors (an exception there would break the type
    /// for the life of the process), code marked <c>[Uninterruptible]</c> on the method, a type around it or the
    /// assembly, the compiler-generated state machines of marked iterator and async methods, and the methods into which
    /// the C# compiler moves the finally blocks of iterators.
    /// </summary>
    internal sealed class UninterruptibleCode
    {
        private static readonly string[] StateMachineAttributes =
        {
            "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
            "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
            "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
        };

        private readonly bool _wholeAssembly;
        private readonly HashSet<TypeDefinition> _markedStateMachines;

        public UninterruptibleCode(ModuleDefinition module)
        {
            _wholeAssembly = IsMarked(module.Assembly);
            _markedStateMachines = new HashSet<TypeDefinition>(
                module.GetTypes().SelectMany(t => t.Methods).Where(IsMarked).Select(StateMachineOf).OfType<TypeDefinition>());
        }

        public bool HoldsWholeBody(MethodDefinition method) =>
            (method.IsConstructor && method.IsStatic)
            || _wholeAssembly
            || IsMarked(method)
            || method.DeclaringType.SelfAndEnclosingTypes().Any(t => IsMarked(t) || _markedStateMachines.Contains(t))
            || method.Name.StartsWith("<>m__Finally");

        private static TypeDefinition? StateMachineOf(MethodDefinition method) =>
            method.CustomAttributes
                .Where(a => StateMachineAttributes.Contains(a.AttributeType.FullName))
                .Select(a => a.ConstructorArguments[0].Value)
                .OfType<TypeReference>()
                .Select(t => t.Resolve())
                .FirstOrDefault();

        private static bool IsMarked(ICustomAttributeProvider code) =>
            code.HasCustomAttributes && code.CustomAttributes.Any(a => a.AttributeType.FullName == RuntimeReferences.UninterruptibleAttributeName);
    }
}
