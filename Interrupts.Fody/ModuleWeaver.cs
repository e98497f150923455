using System.Collections.Generic;
using System.Linq;
using Fody;
using Interrupts.Weaving.Core;
using Mono.Cecil;

namespace Interrupts.Fody
{
    /// <summary>
    /// The Fody front door of the weaving core: reads FodyWeavers.xml, finds the runtime among the project's
    /// references, weaves, and reports in the build log.
    /// </summary>
    public sealed class ModuleWeaver : BaseModuleWeaver
    {
        /// <inheritdoc />
        public override void Execute()
        {
            var settings = WeaverSettings.Read(Config);
            WeavingSummary report;
            try
            {
                report = InterruptWeaver.Weave(ModuleDefinition, settings, FindRuntime);
            }
            catch (WeavingFailure failure)
            {
                throw new WeavingException("Interrupts: " + failure.Message);
            }

            foreach (var pattern in report.UnmatchedPatterns)
            {
                WriteWarning($"Interrupts: the type pattern '{pattern}' in FodyWeavers.xml matches no type of {report.AssemblyName}; to select a namespace, end it with '.*'.");
            }

            WriteInfo(report.ToString());
        }

        /// <inheritdoc />
        public override IEnumerable<string> GetAssembliesForScanning() => Enumerable.Empty<string>();

        // Resolved from the project's references, which still list the runtime when the compiler dropped it from the
        // assembly because no code used it yet.
        private AssemblyDefinition FindRuntime() =>
            AssemblyResolver.Resolve(AssemblyNameReference.Parse(RuntimeReferences.RuntimeAssemblyName))
            ?? throw new WeavingException(
                $"Interrupts: {ModuleDefinition.Assembly.Name.Name} does not reference the {RuntimeReferences.RuntimeAssemblyName} runtime assembly; add the Interrupts.Fody package to the project.");
    }
}
