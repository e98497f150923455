using System.Xml.Linq;
using Fody;
using Interrupts.Fody;

namespace Tests.Infrastructure;

/// <summary>
/// Weaves assemblies (AssemblyToProcess, real libraries) with the real <see cref="ModuleWeaver"/>, as Fody would at
/// build time.
/// </summary>
public static class Weaving
{
    /// <summary>
    /// Weaves a copy of AssemblyToProcess named <paramref name="copyName"/> (so that runs with different settings do
    /// not overwrite one another) and loads it.
    /// </summary>
    public static TestResult WeaveAssemblyToProcess(XElement? config = null, string copyName = "AssemblyToProcess") =>
        Weave("AssemblyToProcess.dll", config, copyName);

    /// <summary>Weaves a copy of the assembly at <paramref name="assemblyPath"/> and loads it.</summary>
    public static TestResult Weave(string assemblyPath, XElement? config = null, string? copyName = null)
    {
        var weaver = new ModuleWeaver { Config = config ?? new XElement("Interrupts") };
        return weaver.ExecuteTestRun(assemblyPath, runPeVerify: false, assemblyName: copyName, writeSymbols: true);
    }
}
