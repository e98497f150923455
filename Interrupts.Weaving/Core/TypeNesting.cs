using System.Collections.Generic;
using Mono.Cecil;

namespace Interrupts.Weaving.Core
{
    internal static class TypeNesting
    {
        /// <summary>The type, then each type it is nested in, outwards.</summary>
        public static IEnumerable<TypeDefinition> SelfAndEnclosingTypes(this TypeDefinition type)
        {
            for (TypeDefinition? current = type; current != null; current = current.DeclaringType)
            {
                yield return current;
            }
        }
    }
}
