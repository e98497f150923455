using System.Linq;
using System.Xml.Linq;
using Fody;
using Mono.Cecil;
using Tests.Infrastructure;

namespace Tests;

/// <summary>The Include and Exclude settings choose which types are woven.</summary>
public sealed class TypeSelectionTests
{
    [Fact]
    public void IncludeWeavesOnlyTheMatchingTypesAndTheTypesNestedInThem()
    {
        using var module = WeaveWith("IncludeLoops", include: "AssemblyToProcess.Loops");

        Assert.True(Checkpoints(module, "AssemblyToProcess.Loops") > 0);
        Assert.Contains(module.GetType("AssemblyToProcess.Loops").NestedTypes, nested => nested.Methods.Any(m => m.HasBody && WovenIl.CheckpointCount(m) > 0));
        Assert.Equal(0, Checkpoints(module, "AssemblyToProcess.Recursion"));
    }

    [Fact]
    public void ExcludeLeavesTheMatchingTypesUnwoven()
    {
        using var module = WeaveWith("ExcludeRecursion", exclude: "AssemblyToProcess.Rec*");

        Assert.Equal(0, Checkpoints(module, "AssemblyToProcess.Recursion"));
        Assert.True(Checkpoints(module, "AssemblyToProcess.Loops") > 0);
    }

    [Fact]
    public void ExcludeWinsOverInclude()
    {
        using var module = WeaveWith("IncludeAllButShapes", include: "AssemblyToProcess.*", exclude: "AssemblyToProcess.Shape;AssemblyToProcess.Square");

        Assert.Equal(0, Checkpoints(module, "AssemblyToProcess.Shape"));
        Assert.Equal(0, Checkpoints(module, "AssemblyToProcess.Square"));
        Assert.True(Checkpoints(module, "AssemblyToProcess.Recursion") > 0);
    }

    [Fact]
    public void PatternThatMatchesNoTypeIsReportedAsAWarning()
    {
        var result = Weaving.WeaveAssemblyToProcess(new XElement("Interrupts", new XAttribute("Include", "AssemblyToProcess.Loops;AssemblyToProcess.Lops")), "MisspeltInclude");

        var warning = Assert.Single(result.Warnings);
        Assert.Equal(
            "Interrupts: the type pattern 'AssemblyToProcess.Lops' in FodyWeavers.xml matches no type of MisspeltInclude; to select a namespace, end it with '.*'.",
            warning.Text);
    }

    [Theory]
    [InlineData("Include", "AssemblyToProcess.Loops;;AssemblyToProcess.Recursion", "one is empty.")]
    [InlineData("Include", "", "one is empty.")]
    [InlineData("Exclude", "AssemblyToProcess.Loops;My-Type", "'My-Type' is not one.")]
    [InlineData("Exclude", "AssemblyToProcess/Loops", "'AssemblyToProcess/Loops' is not one.")]
    public void InvalidPatternFailsNamingTheSettingAndValue(string setting, string value, string reason)
    {
        var exception = Assert.Throws<WeavingException>(() =>
            Weaving.WeaveAssemblyToProcess(new XElement("Interrupts", new XAttribute(setting, value)), "BadPattern"));

        Assert.Equal(
            $"Interrupts: {setting}='{value}' in FodyWeavers.xml is not valid; it must be type patterns separated by ';', each made of "
            + $"letters, digits, '_', '.', '+', '`', '*' and '?' (such as 'MyApp.Scripts.*;MyApp.Parser'), and {reason}",
            exception.Message);
    }

    private static ModuleDefinition WeaveWith(string copyName, string? include = null, string? exclude = null)
    {
        var config = new XElement("Interrupts");
        if (include != null)
        {
            config.Add(new XAttribute("Include", include));
        }

        if (exclude != null)
        {
            config.Add(new XAttribute("Exclude", exclude));
        }

        return WovenIl.Read(Weaving.WeaveAssemblyToProcess(config, copyName).AssemblyPath);
    }

    private static int Checkpoints(ModuleDefinition module, string typeName) =>
        module.GetType(typeName).Methods.Where(m => m.HasBody).Sum(WovenIl.CheckpointCount);
}
