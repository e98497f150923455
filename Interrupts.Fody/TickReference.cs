using System.Linq;
using Fody;
using Mono.Cecil;

namespace Interrupts.Fody
{
    /// <summary>Imports <c>Interrupts.Checkpoint.Tick(int)</c>, the call a checkpoint makes, into the woven module.</summary>
    internal static class TickReference
    {
        public const string RuntimeAssemblyName = "Interrupts";
        private const string CheckpointTypeName = "Interrupts.Checkpoint";

        public static MethodReference Import(ModuleDefinition module, IAssemblyResolver resolver)
        {
            // Resolved from the project's references, which still list the runtime when the compiler dropped it from
            // the assembly because no code used it yet.
            var runtime = resolver.Resolve(AssemblyNameReference.Parse(RuntimeAssemblyName))
                ?? throw new WeavingException(
                    $"Interrupts: {module.Assembly.Name.Name} does not reference the {RuntimeAssemblyName} runtime assembly; add the Interrupts.Fody package to the project.");
            var tick = runtime.MainModule.GetType(CheckpointTypeName)?.Methods.SingleOrDefault(IsTick)
                ?? throw new WeavingException(
                    $"Interrupts: {runtime.MainModule.FileName} has no {CheckpointTypeName}.Tick(int); the runtime and the weaver come from different versions.");
            return module.ImportReference(tick);
        }

        private static bool IsTick(MethodDefinition method) =>
            method.Name == "Tick" && method.IsStatic && method.Parameters.Count == 1
            && method.Parameters[0].ParameterType.MetadataType == MetadataType.Int32;
    }
}
