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

    /// <summary>
    /// The call that makes a checkpoint: <c>Checkpoint.Tick</c>, at a method's entry <c>Checkpoint.Enter</c> (or
    /// <c>Checkpoint.EnterLeasing</c>, which also takes the lease of a loop the method starts with), or in a loop's copy
    /// <c>Checkpoint.Renew</c>, where the checkpoint pays from the copy's lease.
    /// </summary>
    public static bool IsCheckpoint(Instruction instruction) =>
        Calls(instruction, "Tick") || Calls(instruction, "Enter") || Calls(instruction, "EnterLeasing") || Calls(instruction, "Renew");

    public static IEnumerable<MethodDefinition> Methods(ModuleDefinition module) =>
        module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody);

    /// <summary>The call of a copied loop's test, whether to move to its copy.</summary>
    public static bool IsLoopTest(Instruction instruction) => Calls(instruction, "get_IsArmed");

    /// <summary>
    /// The index of the local that a method's entry stores its lease in: <c>call EnterLeasing; stloc lease</c>. Null
    /// when the entry takes none.
    /// </summary>
    public static int? LeaseAtEntry(MethodDefinition method) =>
        method.Body.Instructions.FirstOrDefault(i => Calls(i, "EnterLeasing"))?.Next is { } store ? LocalIndex(store) : null;

    /// <summary>The branches of the tests of the lease that <paramref name="method"/>'s entry took.</summary>
    public static IEnumerable<Instruction> LeasedTests(MethodDefinition method)
    {
        var lease = LeaseAtEntry(method);
        return method.Body.Instructions.Where(i => IsLeasedTest(i, lease));
    }

    /// <summary>
    /// The branch of a test of the lease taken at entry, which moves to the loop's copy when the entry took one:
    /// <c>ldloc lease; ldc.i4.0; bge copy</c>, where no <c>stloc lease</c> comes just before (as it does in the copy's
    /// checkpoints).
    /// </summary>
    private static bool IsLeasedTest(Instruction branch, int? lease) =>
        lease != null
        && branch.OpCode.Code is Code.Bge or Code.Bge_S
        && branch.Previous is { OpCode.Code: Code.Ldc_I4_0, Previous: { } load }
        && IsLoad(load)
        && LocalIndex(load) == lease
        && !(load.Previous is { } store && IsStore(store) && LocalIndex(store) == lease);

    /// <summary>The branch of a copied loop's test: after <c>call get_IsArmed</c>, or of the lease taken at entry.</summary>
    private static bool IsTestBranch(Instruction branch, int? lease) =>
        (branch.OpCode.FlowControl == FlowControl.Cond_Branch && branch.Previous is { } test && IsLoopTest(test))
        || IsLeasedTest(branch, lease);

    /// <summary>The index of the local that <paramref name="instruction"/> loads or stores; null for an argument or anything else.</summary>
    private static int? LocalIndex(Instruction instruction) => instruction.OpCode.Code switch
    {
        >= Code.Ldloc_0 and <= Code.Ldloc_3 => instruction.OpCode.Code - Code.Ldloc_0,
        >= Code.Stloc_0 and <= Code.Stloc_3 => instruction.OpCode.Code - Code.Stloc_0,
        Code.Ldloc or Code.Ldloc_S or Code.Stloc or Code.Stloc_S => ((VariableDefinition)instruction.Operand).Index,
        _ => null,
    };

    private static bool Calls(Instruction instruction, string name) =>
        instruction.Operand is MethodReference { DeclaringType.FullName: "Interrupts.Checkpoint" } method && method.Name == name;

    /// <summary>The first instruction of a lease's giving back: <c>ldsfld Allowance</c>.</summary>
    private static bool LoadsAllowance(Instruction instruction) =>
        instruction.OpCode.Code == Code.Ldsfld && instruction.Operand is FieldReference { Name: "Allowance", DeclaringType.FullName: "Interrupts.Checkpoint" };

    /// <summary>
    /// The instructions of checkpoints, by index: <c>ldc charge; call Tick</c>, at a method's entry
    /// <c>ldc charge; call Enter</c> or <c>ldc charge; ldc most; call EnterLeasing; stloc lease</c>; in a loop's copy,
    /// <c>ldloc lease; ldc charge; sub; stloc lease; ldloc lease; ldc.i4.0; bge on; ldloc lease; ldc most; call Renew; stloc
    /// lease</c>; and a copied loop's test, <c>call get_IsArmed; brtrue copy</c>, or where the entry took its lease,
    /// <c>ldloc lease; ldc.i4.0; bge copy</c>.
    /// </summary>
    public static HashSet<int> CheckpointParts(MethodDefinition method)
    {
        var instructions = method.Body.Instructions;
        var lease = LeaseAtEntry(method);
        var parts = new HashSet<int>();
        for (var i = 0; i < instructions.Count; i++)
        {
            if (Calls(instructions[i], "Tick") || Calls(instructions[i], "Enter"))
            {
                parts.UnionWith([i - 1, i]);
            }
            else if (Calls(instructions[i], "EnterLeasing"))
            {
                parts.UnionWith(Enumerable.Range(i - 2, 4));
            }
            else if (IsLeasedTest(instructions[i], lease))
            {
                parts.UnionWith([i - 2, i - 1, i]);
            }
            else if (Calls(instructions[i], "Renew"))
            {
                parts.UnionWith(Enumerable.Range(i - 9, 11));
            }
            else if (IsLoopTest(instructions[i]))
            {
                parts.UnionWith([i, i + 1]);
            }
        }

        return parts;
    }

    /// <summary>
    /// The copies the weaver made of small loops: the code that runs only after a loop's test found checkpoints armed.
    /// </summary>
    public static HashSet<Instruction> Copies(MethodDefinition method)
    {
        var instructions = method.Body.Instructions;
        var index = IndexOfEach(method);
        var reached = Reachable(method, index, armed: false);
        return instructions.Where((_, i) => !reached[i]).ToHashSet();
    }

    public static bool IsHoldCall(Instruction instruction) =>
        instruction.Operand is MethodReference { Name: "EnterHeldRegion" or "EnterBoundedRegion" or "ExitHeldRegion", DeclaringType.FullName: "Interrupts.Checkpoint" };

    /// <summary>
    /// Every instruction the weaver added: checkpoints, and the code that holds interrupts in a region, recognised by
    /// its shape: <c>call EnterHeldRegion; stloc token</c> where the region starts, a finally clause whose handler is
    /// <c>ldloc token; call ExitHeldRegion; endfinally</c>, what follows that handler (the handler's own endfinally,
    /// or the method's return) and, where a method's whole body is held and returns a value, the
    /// <c>stloc result; leave</c> before it. A filter ends with <c>ldloc token; call ExitHeldRegion</c>. Around a
    /// loop's copy: the jump over it, the loop's variables moving into the copy's own (pairs of a load and a store)
    /// and <c>ldc most; call Lease; stloc lease; br</c> where it starts (without the lease where the method's entry took
    /// it, where a test of that lease goes), and <c>ldsfld Allowance; ldloc lease; conv.i8;
    /// add; stsfld Allowance</c> where it ends, with the variables moving back and the jump or leave that follows;
    /// after the copy of a loop's condition that a jump into the loop runs first (a conditional branch back), the jump
    /// to that end; after the copy of an inner loop's condition that the copy runs in place of the jump into it (a
    /// conditional branch to the loop's head, just past it), the jump past the loop. In a catch block:
    /// <c>stloc exception; call EnterCatch; stloc interruptible; ldloc exception</c> where it starts, the filter
    /// <c>ldloc interruptible; call IsReplacedByInterrupt; endfilter</c> and its handler <c>pop; ldloc interruptible;
    /// call ResumeInterrupt; rethrow</c>, and each exit, <c>ldloc interruptible; call ResumeInterrupt; leave</c>. Before
    /// an array's allocation: <c>dup; conv.i8; ldc size; call BeforeNewArray</c>. In untrusted code a region starts with
    /// <c>ldc bound; call EnterBoundedRegion; stloc token</c>.
    /// </summary>
    public static HashSet<Instruction> Inserted(MethodDefinition method)
    {
        var instructions = method.Body.Instructions;
        var parts = CheckpointParts(method);
        var index = IndexOfEach(method);
        var lease = LeaseAtEntry(method);
        var inserted = new HashSet<Instruction>();
        void Add(int from, int count)
        {
            foreach (var i in Enumerable.Range(from, count))
            {
                inserted.Add(instructions[i]);
            }
        }

        for (var i = 0; i < instructions.Count; i++)
        {
            if (IsTestBranch(instructions[i], lease))
            {
                // Where the test enters the copy: the variables moving into the copy's own, in pairs of a load and a
                // store, then the lease (unless the method's entry took it), then the jump into the copy.
                var start = index[(Instruction)instructions[i].Operand];
                var end = start;
                while (IsLoad(instructions[end]) && IsStore(instructions[end + 1]))
                {
                    end += 2;
                }

                if (Calls(instructions[end + 1], "Lease"))
                {
                    end += 3;
                }

                Add(start, end - start + 1);
            }

            if (parts.Contains(i) || IsHoldCall(instructions[i]))
            {
                inserted.Add(instructions[i]);
            }
            else if (i + 1 < instructions.Count && instructions[i + 1].Operand is MethodReference { Name: "ExitHeldRegion" })
            {
                inserted.Add(instructions[i]);
            }
            else if (i > 0 && instructions[i - 1].Operand is MethodReference { Name: "EnterHeldRegion" or "EnterBoundedRegion" })
            {
                inserted.Add(instructions[i]);
            }
            else if (i + 1 < instructions.Count && instructions[i + 1].Operand is MethodReference { Name: "EnterBoundedRegion" })
            {
                inserted.Add(instructions[i]);
            }
            else if (Calls(instructions[i], "BeforeNewArray"))
            {
                Add(i - 3, 4);
            }
            else if (LoadsAllowance(instructions[i]))
            {
                // The lease given back, then the copy's variables moving back out, then the way out of the copy.
                var end = i + 5;
                while (end + 1 < instructions.Count && IsLoad(instructions[end]) && IsStore(instructions[end + 1]))
                {
                    end += 2;
                }

                Add(i, end - i + (instructions[end].OpCode.Code is Code.Br or Code.Br_S or Code.Leave or Code.Leave_S ? 1 : 0));
            }
            else if (Calls(instructions[i], "EnterCatch"))
            {
                Add(i - 1, 4);
            }
            else if (Calls(instructions[i], "IsReplacedByInterrupt"))
            {
                Add(i - 1, 3);
            }
            else if (Calls(instructions[i], "ResumeInterrupt"))
            {
                Add(instructions[i + 1].OpCode.Code == Code.Rethrow ? i - 2 : i - 1, instructions[i + 1].OpCode.Code == Code.Rethrow ? 4 : 3);
            }
        }

        // The jump over a loop's copy, from the end of the loop forward to the loop's exit (the loop's own last branch
        // goes back); and the jump from the end of a copied condition to the copy's way out.
        var copies = Copies(method);
        foreach (var jump in instructions.Where(i => i.OpCode.Code is Code.Br or Code.Br_S))
        {
            var target = (Instruction)jump.Operand;
            var overCopy = !copies.Contains(jump) && jump.Next != null && copies.Contains(jump.Next) && index[target] > index[jump];
            var afterCopiedCondition = copies.Contains(jump)
                && jump.Previous is { OpCode.FlowControl: FlowControl.Cond_Branch, Operand: Instruction back } latch
                && (back == jump.Next || (index[back] < index[latch] && LoadsAllowance(target)));
            if (overCopy || afterCopiedCondition)
            {
                inserted.Add(jump);
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

    private static bool IsLoad(Instruction instruction) =>
        instruction.OpCode.Code is >= Code.Ldarg_0 and <= Code.Ldloc_3 or Code.Ldarg_S or Code.Ldloc_S or Code.Ldarg or Code.Ldloc;

    private static bool IsStore(Instruction instruction) =>
        instruction.OpCode.Code is >= Code.Stloc_0 and <= Code.Stloc_3 or Code.Starg_S or Code.Stloc_S or Code.Starg or Code.Stloc;

    public static int CheckpointCount(MethodDefinition method) => method.Body.Instructions.Count(IsCheckpoint);

    /// <summary>
    /// The most original instructions on any path through <paramref name="method"/> that meets no checkpoint, or
    /// null when a cycle meets none (a loop that would never be interrupted). Instructions the weaver added are not
    /// counted. With <paramref name="armed"/>, the path is the one taken while checkpoints count (every copied loop's
    /// test moves to its copy), which must meet one at least every interval; without, the one taken otherwise, which
    /// must meet a checkpoint or a test in every loop.
    /// </summary>
    public static int? LongestRunWithoutCheckpoint(MethodDefinition method, bool armed)
    {
        var instructions = method.Body.Instructions;
        var index = IndexOfEach(method);
        var reached = Reachable(method, index, armed);
        var inserted = Inserted(method);
        var parts = CheckpointParts(method);
        var cost = instructions.Select(i => inserted.Contains(i) ? 0 : 1).ToArray();
        var lease = LeaseAtEntry(method);

        // Longest path ending at each instruction, by relaxation: on an acyclic graph it settles within one pass per
        // instruction; still growing after that means a cycle without a checkpoint.
        var longest = cost.ToArray();
        for (var pass = 0; pass <= instructions.Count; pass++)
        {
            var changed = false;
            for (var i = 0; i < instructions.Count; i++)
            {
                if (!reached[i] || parts.Contains(i))
                {
                    continue;
                }

                foreach (var next in Successors(instructions[i], index, lease, armed))
                {
                    if (!parts.Contains(next) && longest[i] + cost[next] > longest[next])
                    {
                        longest[next] = longest[i] + cost[next];
                        changed = true;
                    }
                }
            }

            if (!changed)
            {
                return longest.Where((_, i) => reached[i]).DefaultIfEmpty(0).Max();
            }
        }

        return null;
    }

    private static Dictionary<Instruction, int> IndexOfEach(MethodDefinition method) =>
        method.Body.Instructions.Select((instruction, i) => (instruction, i)).ToDictionary(p => p.instruction, p => p.i);

    /// <summary>The instructions that can run, from the entry and every handler, armed or not.</summary>
    private static bool[] Reachable(MethodDefinition method, Dictionary<Instruction, int> index, bool armed)
    {
        var instructions = method.Body.Instructions;
        var reached = new bool[instructions.Count];
        var lease = LeaseAtEntry(method);
        var pending = new Stack<int>();
        void Reach(Instruction? instruction)
        {
            if (instruction != null && !reached[index[instruction]])
            {
                reached[index[instruction]] = true;
                pending.Push(index[instruction]);
            }
        }

        Reach(instructions[0]);
        foreach (var handler in method.Body.ExceptionHandlers)
        {
            Reach(handler.HandlerStart);
            Reach(handler.FilterStart);
        }

        while (pending.Count > 0)
        {
            foreach (var next in Successors(instructions[pending.Pop()], index, lease, armed))
            {
                Reach(instructions[next]);
            }
        }

        return reached;
    }

    /// <summary>Where control can go after <paramref name="instruction"/>; a copied loop's test goes to the copy
    /// when <paramref name="armed"/>, and on in the loop when not; so does a test of the lease taken at entry.</summary>
    private static IEnumerable<int> Successors(Instruction instruction, Dictionary<Instruction, int> index, int? lease, bool armed)
    {
        if (IsTestBranch(instruction, lease))
        {
            yield return index[armed ? (Instruction)instruction.Operand : instruction.Next];
            yield break;
        }

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
