using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

namespace Interrupts.Weaving.Core
{
    /// <summary>Finds the methods of a module to weave: every method with a body, of every type the settings select.</summary>
    internal static class MethodFinder
    {
        public static IEnumerable<MethodDefinition> MethodsToWeave(ModuleDefinition module, TypeSelection selection) =>
            module.GetTypes().Where(selection.Selects).SelectMany(type => type.Methods).Where(method => method.HasBody);
    }
}
