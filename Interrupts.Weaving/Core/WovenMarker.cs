using System.Linq;
using Mono.Cecil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// The type that marks an assembly as woven, so that weaving it again (a second build step, a test helper that
    /// re-weaves its input) changes nothing instead of charging every instruction twice.
    /// </summary>
    internal static class WovenMarker
    {
        private const string MarkerName = "ProcessedByInterrupts";

        public static bool IsPresent(ModuleDefinition module) => module.Types.Any(t => t.Namespace.Length == 0 && t.Name == MarkerName);

        public static void Add(ModuleDefinition module) =>
            module.Types.Add(new TypeDefinition(
                string.Empty,
                MarkerName,
                TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit,
                module.TypeSystem.Object));
    }
}
