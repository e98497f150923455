using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Tests.Infrastructure;

/// <summary>
/// Reads woven IL back, independently of the weaver's own planning, to check where its checkpoints ended up.
/// </summary>
public static class WovenIl
{
    public static ModuleDefinition Read(string assemblyPath) => ModuleDefinition.ReadModule(assemblyPath);

    public static bool IsCheckpoint(Instruction instruction) =>
        instruction.Operand is MethodReference { Name: "Tick", DeclaringType.FullName: "Interrupts.Checkpoint" };

    public static IEnumerable<MethodDefinition> Methods(ModuleDefinition module) =>
        module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody);

    /// <summary>True for the two instructions of a checkpoint: the charge and the call.</summary>
    public static bool IsCheckpointPart(MethodDefinition method, int index)
    {
        var instructions = method.Body.Instructions;
        return IsCheckpoint(instructions[index]) || (index + 1 < instructions.Count && IsCheckpoint(instructions[index + 1]));
    }

    public static int CheckpointCount(MethodDefinition method) => method.Body.Instructions.Count(IsCheckpoint);

    /// <summary>
    /// The most original instructions on any path through <paramref name="method"/> that meets no checkpoint, or
    /// null when a cycle meets none (a loop that would never be interrupted). The two instructions of a checkpoint
    /// (the charge and the call) are not counted.
    /// </summary>
    public static int? LongestRunWithoutCheckpoint(MethodDefinition method)
    {
        var instructions = method.Body.Instructions;
        var index = instructions.Select((instruction, i) => (instruction, i)).ToDictionary(p => p.instruction, p => p.i);

        // Longest path ending at each instruction, by relaxation: on an acyclic graph it settles within one pass per
        // instruction; still growing after that means a cycle without a checkpoint.
        var longest = instructions.Select((_, i) => IsCheckpointPart(method, i) ? 0 : 1).ToArray();
        for (var pass = 0; pass <= instructions.Count; pass++)
        {
            var changed = false;
            for (var i = 0; i < instructions.Count; i++)
            {
                if (IsCheckpointPart(method, i))
                {
                    continue;
                }

                foreach (var next in Successors(instructions[i], index))
                {
                    if (!IsCheckpointPart(method, next) && longest[i] + 1 > longest[next])
                    {
                        longest[next] = longest[i] + 1;
                        changed = true;
                    }
                }
            }

            if (!changed)
            {
                return longest.DefaultIfEmpty(0).Max();
            }
        }

        return null;
    }

    private static IEnumerable<int> Successors(Instruction instruction, Dictionary<Instruction, int> index)
    {
        switch (instruction.Operand)
        {
            case Instruction target:
                yield return index[target];
                break;
            case Instruction[] targets:
                foreach (var target in targets)
                {
                    yield return index[target];
                }

                break;
        }

        var flow = instruction.OpCode.FlowControl;
        if (flow is not (FlowControl.Branch or FlowControl.Return or FlowControl.Throw) && instruction.OpCode.Code != Code.Jmp && instruction.Next != null)
        {
            yield return index[instruction.Next];
        }
    }
}
