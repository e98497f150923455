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

    public static bool IsHoldCall(Instruction instruction) =>
        instruction.Operand is MethodReference { Name: "EnterHeldRegion" or "ExitHeldRegion", DeclaringType.FullName: "Interrupts.Checkpoint" };

    /// <summary>
    /// Every instruction the weaver added: checkpoints, and the code that holds interrupts in a region, recognised by
    /// its shape: <c>call EnterHeldRegion; stloc token</c> where the region starts, a finally clause whose handler is
    /// <c>ldloc token; call ExitHeldRegion; endfinally</c>, what follows that handler (the handler's own endfinally,
    /// or the method's return) and, where a method's whole body is held and returns a value, the
    /// <c>stloc result; leave</c> before it. A filter ends with <c>ldloc token; call ExitHeldRegion</c>.
    /// </summary>
    public static HashSet<Instruction> Inserted(MethodDefinition method)
    {
        var instructions = method.Body.Instructions;
        var inserted = new HashSet<Instruction>();
        for (var i = 0; i < instructions.Count; i++)
        {
            if (IsCheckpointPart(method, i) || IsHoldCall(instructions[i]))
            {
                inserted.Add(instructions[i]);
            }
            else if (i + 1 < instructions.Count && instructions[i + 1].Operand is MethodReference { Name: "ExitHeldRegion" })
            {
                inserted.Add(instructions[i]);
            }
            else if (i > 0 && instructions[i - 1].Operand is MethodReference { Name: "EnterHeldRegion" })
            {
                inserted.Add(instructions[i]);
            }
        }

        foreach (var wrapper in method.Body.ExceptionHandlers.Where(c => c.HandlerStart.Next?.Operand is MethodReference { Name: "ExitHeldRegion" }))
        {
            inserted.Add(wrapper.HandlerStart.Next!.Next);
            if (wrapper.HandlerEnd.OpCode.Code == Code.Endfinally)
            {
                inserted.Add(wrapper.HandlerEnd);
                continue;
            }

            for (var after = wrapper.HandlerEnd; after != null; after = after.Next)
            {
                inserted.Add(after);
            }

            if (wrapper.HandlerEnd.OpCode.Code != Code.Ret)
            {
                inserted.Add(wrapper.HandlerStart.Previous);
                inserted.Add(wrapper.HandlerStart.Previous.Previous);
            }
        }

        return inserted;
    }

    public static int CheckpointCount(MethodDefinition method) => method.Body.Instructions.Count(IsCheckpoint);

    /// <summary>
    /// The most original instructions on any path through <paramref name="method"/> that meets no checkpoint, or
    /// null when a cycle meets none (a loop that would never be interrupted). Instructions the weaver added are not
    /// counted.
    /// </summary>
    public static int? LongestRunWithoutCheckpoint(MethodDefinition method)
    {
        var instructions = method.Body.Instructions;
        var index = instructions.Select((instruction, i) => (instruction, i)).ToDictionary(p => p.instruction, p => p.i);
        var inserted = Inserted(method);
        var cost = instructions.Select(i => inserted.Contains(i) ? 0 : 1).ToArray();

        // Longest path ending at each instruction, by relaxation: on an acyclic graph it settles within one pass per
        // instruction; still growing after that means a cycle without a checkpoint.
        var longest = cost.ToArray();
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
                    if (!IsCheckpointPart(method, next) && longest[i] + cost[next] > longest[next])
                    {
                        longest[next] = longest[i] + cost[next];
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
