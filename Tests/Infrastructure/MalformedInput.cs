using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Tests.Infrastructure;

/// <summary>
/// A copy of AssemblyToProcess with one method the weaver cannot handle: a <c>volatile.</c> prefix before
/// <c>Loops.SpinForever</c>'s backward branch, where the branch's checkpoint would have to separate the two.
/// </summary>
public static class MalformedInput
{
    public const string MethodName = "System.Void AssemblyToProcess.Loops::SpinForever()";

    /// <summary>Writes the copy into <paramref name="folder"/> and returns its path.</summary>
    public static string Write(string folder)
    {
        var path = Path.Combine(folder, "AssemblyToProcess.dll");
        Directory.CreateDirectory(folder);
        using var module = ModuleDefinition.ReadModule("AssemblyToProcess.dll");
        var spin = module.GetType("AssemblyToProcess.Loops").Methods.Single(m => m.Name == "SpinForever");
        var backwardBranch = spin.Body.Instructions.Single(i => i.OpCode.FlowControl == FlowControl.Branch);
        spin.Body.GetILProcessor().InsertBefore(backwardBranch, Instruction.Create(OpCodes.Volatile));
        module.Write(path);
        return path;
    }
}
