using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Tests.Infrastructure;

namespace Tests;

/// <summary>Debugging woven code: the PDB still maps every instruction to its line, and checkpoints are hidden.</summary>
[Collection(WovenCollection.Name)]
public sealed class DebugInformationTests(WovenAssembly woven)
{
    private const int HiddenLine = 0xfeefee;

    [Fact]
    public void EverySourceLineOfTheOriginalIsKeptInOrder()
    {
        using var original = ReadWithSymbols("AssemblyToProcess.dll");
        using var wovenModule = ReadWithSymbols(woven.Result.AssemblyPath);

        foreach (var method in WovenIl.Methods(original))
        {
            var wovenMethod = wovenModule.GetType(method.DeclaringType.FullName).Methods.Single(m => m.FullName == method.FullName);
            Assert.Equal(VisibleLines(method), VisibleLines(wovenMethod));
        }
    }

    [Fact]
    public void EveryOriginalInstructionKeepsItsLine()
    {
        using var original = ReadWithSymbols("AssemblyToProcess.dll");
        using var wovenModule = ReadWithSymbols(woven.Result.AssemblyPath);

        foreach (var method in WovenIl.Methods(original))
        {
            var wovenMethod = wovenModule.GetType(method.DeclaringType.FullName).Methods.Single(m => m.FullName == method.FullName);
            var originalLines = LineOfEachInstruction(method).ToList();
            var wovenLines = LineOfEachInstruction(wovenMethod).Where((_, i) => !IsCheckpointPart(wovenMethod, i)).ToList();
            Assert.Equal(originalLines, wovenLines);
        }
    }

    [Fact]
    public void CheckpointsAreHiddenFromTheDebugger()
    {
        using var wovenModule = ReadWithSymbols(woven.Result.AssemblyPath);
        var checkpointLines = WovenIl.Methods(wovenModule)
            .Where(m => m.DebugInformation.HasSequencePoints)
            .SelectMany(m => LineOfEachInstruction(m).Where((_, i) => IsCheckpointPart(m, i)))
            .ToList();

        Assert.NotEmpty(checkpointLines);
        Assert.All(checkpointLines, line => Assert.Equal(HiddenLine, line));
    }

    private static ModuleDefinition ReadWithSymbols(string path) => ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = true });

    private static bool IsCheckpointPart(MethodDefinition method, int index)
    {
        var instructions = method.Body.Instructions;
        return WovenIl.IsCheckpoint(instructions[index]) || (index + 1 < instructions.Count && WovenIl.IsCheckpoint(instructions[index + 1]));
    }

    /// <summary>The method's visible sequence points in order; one that repeats the one before (as the weaver
    /// writes after a hidden checkpoint, to return to the line) counts once.</summary>
    private static List<(int, int, int, int)> VisibleLines(MethodDefinition method)
    {
        var lines = new List<(int, int, int, int)>();
        foreach (var point in method.DebugInformation.SequencePoints.Where(p => !p.IsHidden))
        {
            var line = (point.StartLine, point.StartColumn, point.EndLine, point.EndColumn);
            if (lines.Count == 0 || lines[^1] != line)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>The line the debugger shows for each instruction: that of the last sequence point at or before it
    /// (0 before the first).</summary>
    private static IEnumerable<int> LineOfEachInstruction(MethodDefinition method)
    {
        var mapping = method.DebugInformation.GetSequencePointMapping();
        var line = 0;
        foreach (var instruction in method.Body.Instructions)
        {
            if (mapping.TryGetValue(instruction, out var point))
            {
                line = point.StartLine;
            }

            yield return line;
        }
    }
}
