using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Tests.Infrastructure;

namespace Tests;

/// <summary>Debugging woven code: the PDB still maps every instruction to its line, and checkpoints are hidden.</summary>
[Collection(WovenCollection.Name)]
public sealed class DebugInformationTests(WovenAssembly woven) : IDisposable
{
    private const int HiddenLine = 0xfeefee;

    private readonly ModuleDefinition _original = ReadWithSymbols("AssemblyToProcess.dll");
    private readonly ModuleDefinition _woven = ReadWithSymbols(woven.Result.AssemblyPath);

    [Fact]
    public void EverySourceLineOfTheOriginalIsKeptInOrder()
    {
        foreach (var (original, wovenMethod) in OriginalAndWovenMethods())
        {
            Assert.Equal(VisibleLines(original), VisibleLines(wovenMethod, except: WovenIl.Copies(wovenMethod)));
        }
    }

    [Fact]
    public void EveryOriginalInstructionKeepsItsLine()
    {
        foreach (var (original, wovenMethod) in OriginalAndWovenMethods())
        {
            var added = WovenIl.Inserted(wovenMethod).Concat(WovenIl.Copies(wovenMethod)).ToHashSet();
            var wovenLines = LineOfEachInstruction(wovenMethod).Where((_, i) => !added.Contains(wovenMethod.Body.Instructions[i]));
            Assert.True(LineOfEachInstruction(original).SequenceEqual(wovenLines), original.FullName);
        }
    }

    [Fact]
    public void EachInstructionOfALoopsCopyIsOnTheLineOfTheInstructionItCopies()
    {
        var copiesSeen = 0;
        foreach (var method in WovenIl.Methods(_woven).Where(m => m.DebugInformation.HasSequencePoints))
        {
            var instructions = method.Body.Instructions;
            var lines = LineOfEachInstruction(method).ToArray();
            var inserted = WovenIl.Inserted(method);
            var copies = WovenIl.Copies(method);

            // A copy goes right after its loop (and the jump over it), so the loop is the code just before it.
            for (var start = 0; start < instructions.Count; start++)
            {
                if (!copies.Contains(instructions[start]) || (start > 0 && copies.Contains(instructions[start - 1])))
                {
                    continue;
                }

                var end = start;
                while (end < instructions.Count && copies.Contains(instructions[end]))
                {
                    end++;
                }

                var copyLines = Enumerable.Range(start, end - start).Where(i => !inserted.Contains(instructions[i])).Select(i => lines[i]).ToList();
                if (copyLines.Count == 0)
                {
                    // Inserted code that cannot run (the endfinally after a held finally's own); no copy.
                    continue;
                }

                // The loop, from its last instruction (its branch back) to where that branches; the copy, that loop
                // with each jump into an inner loop's condition replaced by that condition, then the end of the loop
                // again (what a jump into the loop's condition runs first).
                var latch = Enumerable.Range(0, start).Last(i => !inserted.Contains(instructions[i]));
                var head = instructions.IndexOf((Instruction)instructions[latch].Operand);
                IEnumerable<int> LinesOf(int from, int to) => Enumerable.Range(from, to - from + 1).Where(i => !inserted.Contains(instructions[i])).Select(i => lines[i]);
                var loopLines = LinesOf(head, latch).ToList();
                var copiedLoopLines = Enumerable.Range(head, latch - head + 1)
                    .Where(i => !inserted.Contains(instructions[i]))
                    .SelectMany(i => InnerLoopCondition(instructions, i, latch) is var (from, to) ? LinesOf(from, to) : [lines[i]])
                    .ToList();
                Assert.Equal(copiedLoopLines, copyLines.Take(copiedLoopLines.Count));
                var leadIn = copyLines.Skip(copiedLoopLines.Count).ToList();
                Assert.Equal(loopLines.Skip(loopLines.Count - leadIn.Count), leadIn);
                copiesSeen++;
            }
        }

        Assert.True(copiesSeen > 0, "no loop was copied");
    }

    // Where the jump at index enters a loop inside the one that ends at latch at its condition: from the condition's
    // first instruction to the inner loop's branch back.
    private static (int From, int To)? InnerLoopCondition(IList<Instruction> instructions, int index, int latch)
    {
        if (instructions[index].OpCode.Code is not (Code.Br or Code.Br_S))
        {
            return null;
        }

        var condition = instructions.IndexOf((Instruction)instructions[index].Operand);
        if (condition < index)
        {
            return null;
        }

        for (var branch = condition; branch < latch; branch++)
        {
            if (instructions[branch].Operand is Instruction back && instructions.IndexOf(back) is var head && head > index && head < condition)
            {
                return (condition, branch);
            }
        }

        return null;
    }

    [Fact]
    public void InsertedCodeIsHiddenFromTheDebugger()
    {
        var insertedLines = WovenIl.Methods(_woven)
            .Where(m => m.DebugInformation.HasSequencePoints)
            .SelectMany(m => LineOfEachInstruction(m).Where((_, i) => WovenIl.Inserted(m).Contains(m.Body.Instructions[i])))
            .ToList();

        Assert.NotEmpty(insertedLines);
        Assert.All(insertedLines, line => Assert.Equal(HiddenLine, line));
    }

    public void Dispose()
    {
        _original.Dispose();
        _woven.Dispose();
    }

    private IEnumerable<(MethodDefinition Original, MethodDefinition Woven)> OriginalAndWovenMethods() =>
        WovenIl.Methods(_original).Select(m => (m, _woven.GetType(m.DeclaringType.FullName).Methods.Single(w => w.FullName == m.FullName)));

    private static ModuleDefinition ReadWithSymbols(string path) => ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = true });

    /// <summary>The method's visible sequence points in order; one that repeats the one before (as the weaver
    /// writes after a hidden checkpoint, to return to the line) counts once.</summary>
    private static List<(int, int, int, int)> VisibleLines(MethodDefinition method, ISet<Instruction>? except = null)
    {
        var offsets = method.Body.Instructions.Where(i => except?.Contains(i) != true).Select(i => i.Offset).ToHashSet();
        var lines = new List<(int, int, int, int)>();
        foreach (var point in method.DebugInformation.SequencePoints.Where(p => !p.IsHidden && offsets.Contains(p.Offset)))
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
