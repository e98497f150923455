using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Tests.Infrastructure;

namespace Tests;

[Collection(WovenCollection.Name)]
public sealed class JitVerificationTests(WovenAssembly woven, WovenFSharpAssembly fsharp, HandBuiltAssembly handBuilt)
{
    private const string CSharp = "AssemblyToProcess";
    private const string FSharp = "AssemblyToProcess.FSharp";

    /// <summary>Every method counts, virtual ones (which the verifier reaches through twins) included.</summary>
    [Theory]
    [InlineData(CSharp)]
    [InlineData(FSharp)]
    [InlineData(HandBuiltIl.AssemblyName)]
    public void EveryMethodOfAWovenInputCompiles(string input)
    {
        var path = Input(input).Result.AssemblyPath;

        var verification = JitVerifier.Verify(path);

        Assert.Empty(verification.Failures);
        Assert.Empty(verification.NotCompiled);
        using var module = WovenIl.Read(path);
        Assert.Equal(WovenIl.Methods(module).Count(), verification.Compiled);
    }

    [Theory]
    [InlineData(CSharp)]
    [InlineData(FSharp)]
    [InlineData(HandBuiltIl.AssemblyName)]
    public void EveryMethodOfADenselyWovenInputCompiles(string input)
    {
        Assert.Empty(JitVerifier.Verify(Input(input).DenselyWoven.AssemblyPath).Failures);
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

    private WovenInput Input(string name) => new WovenInput[] { woven, fsharp, handBuilt }.Single(i => i.Name == name);
}
