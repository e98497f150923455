using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Tests.Infrastructure;

namespace Tests;

[Collection(WovenCollection.Name)]
public sealed class JitVerificationTests(WovenAssembly woven)
{
    [Fact]
    public void EveryMethodOfTheWovenAssemblyCompiles()
    {
        var (compiled, failures) = JitVerifier.Verify(woven.Result.AssemblyPath);

        Assert.Empty(failures);
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        var methods = WovenIl.Methods(module).ToList();
        Assert.Equal(methods.Count, compiled);
        Assert.Contains(methods, m => m.IsVirtual && WovenIl.CheckpointCount(m) > 0);
    }

    [Fact]
    public void VerifierRejectsBrokenIlInAVirtualMethod()
    {
        var broken = Path.Combine(Path.GetDirectoryName(woven.Result.AssemblyPath)!, "broken", "AssemblyToProcess.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(broken)!);
        using (var module = WovenIl.Read(woven.Result.AssemblyPath))
        {
            var area = module.GetType("AssemblyToProcess.Square").Methods.Single(m => m.Name == "Area");
            area.Body.Instructions.Insert(0, Instruction.Create(OpCodes.Pop));
            module.Write(broken);
        }

        var (_, failures) = JitVerifier.Verify(broken);

        Assert.Contains(failures, f => f.StartsWith("AssemblyToProcess.Square::Area: InvalidProgramException"));
    }
}
