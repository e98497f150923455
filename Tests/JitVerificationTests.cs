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
        var verification = JitVerifier.Verify(woven.Result.AssemblyPath);

        Assert.Empty(verification.Failures);
        Assert.Empty(verification.NotCompiled);
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        var methods = WovenIl.Methods(module).ToList();
        Assert.Equal(methods.Count, verification.Compiled);
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

        var failures = JitVerifier.Verify(broken).Failures;

        Assert.Contains(failures, f => f.StartsWith("AssemblyToProcess.Square::Area: InvalidProgramException"));
    }
}
