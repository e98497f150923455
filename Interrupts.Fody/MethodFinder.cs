using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace Interrupts.Fody
{
    /// <summary>Finds the methods of a module that can be woven: every method, of every type, that has a body.</summary>
    internal static class MethodFinder
    {
        public static IEnumerable<MethodDefinition> MethodsWithBodies(ModuleDefinition module) =>
            module.GetTypes().SelectMany(type => type.Methods).Where(method => method.HasBody);
    }
}
