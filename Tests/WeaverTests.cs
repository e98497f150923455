using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Fody;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using Interrupts.Fody;
using Tests.Infrastructure;

namespace Tests;

/// <summary>What the weaver puts where, and how it reports it.</summary>
[Collection(WovenCollection.Name)]
public sealed class WeaverTests(WovenAssembly woven)
{
    [Theory]
    [InlineData(WeaverSettings.DefaultInterval)]
    [InlineData(20)]
    [InlineData(3)]
    public void EveryLoopReachesACheckpointAndNoPathRunsLongerThanTheInterval(int interval)
    {
        var result = Weaving.WeaveAssemblyToProcess(new XElement("Interrupts", new XAttribute("Interval", interval)), $"Interval{interval}");
        using var module = WovenIl.Read(result.AssemblyPath);

        foreach (var method in WovenIl.Methods(module).Where(m => WovenIl.CheckpointCount(m) > 0))
        {
            Assert.True(WovenIl.LongestRunWithoutCheckpoint(method, armed: false) != null, $"{method.FullName} has a loop that never tests for checkpoints");
            var longest = WovenIl.LongestRunWithoutCheckpoint(method, armed: true);
            Assert.True(longest != null, $"{method.FullName} has a loop without a checkpoint");
            // A checkpoint never separates a prefix from its instruction, ldftn from its delegate constructor, or a tail
            // call from its ret, which can stretch a run by two.
            Assert.True(longest <= interval + 2, $"{method.FullName} runs {longest} instructions without a checkpoint");
        }
    }

    [Fact]
    public void CodeThatThrowsAnInterruptOnFromCatchBlocksLiesInsideThemSoThePathWithoutExceptionsIsUnchanged()
    {
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        var seen = 0;

        foreach (var method in WovenIl.Methods(module))
        {
            var instructions = method.Body.Instructions;
            var handlers = method.Body.ExceptionHandlers
                .Where(c => c.HandlerType is ExceptionHandlerType.Catch or ExceptionHandlerType.Filter)
                .Select(c => (Start: instructions.IndexOf(c.HandlerStart), End: c.HandlerEnd is null ? instructions.Count : instructions.IndexOf(c.HandlerEnd)))
                .ToList();
            for (var i = 0; i < instructions.Count; i++)
            {
                if (instructions[i].Operand is MethodReference { Name: "EnterCatch" or "IsReplacedByInterrupt" or "ResumeInterrupt" })
                {
                    seen++;
                    Assert.True(handlers.Any(h => h.Start <= i && i < h.End), $"{method.FullName}: {instructions[i]} runs outside every catch block");
                }
            }
        }

        Assert.True(seen > 0, "no catch block was rewritten");
    }

    [Theory]
    [InlineData(20)]
    [InlineData(3)]
    public void EveryMethodCompilesAtShortIntervals(int interval)
    {
        var result = Weaving.WeaveAssemblyToProcess(new XElement("Interrupts", new XAttribute("Interval", interval)), $"Jit{interval}");

        Assert.Empty(JitVerifier.Verify(result.AssemblyPath).Failures);
    }

    [Fact]
    public void ShorterIntervalInsertsMoreCheckpoints()
    {
        int Checkpoints(int interval)
        {
            var result = Weaving.WeaveAssemblyToProcess(new XElement("Interrupts", new XAttribute("Interval", interval)), $"Count{interval}");
            using var module = WovenIl.Read(result.AssemblyPath);
            return WovenIl.Methods(module).Sum(WovenIl.CheckpointCount);
        }

        Assert.True(Checkpoints(3) > Checkpoints(WeaverSettings.DefaultInterval));
    }

    [Theory]
    [InlineData("Loops", "SpinForever")]
    [InlineData("Loops", "Sum")]
    [InlineData("Recursion", "Descend")]
    [InlineData("Recursion", "IsEven")]
    public void MethodsThatLoopOrCallAreWoven(string type, string method)
    {
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        Assert.True(WovenIl.CheckpointCount(module.GetType("AssemblyToProcess." + type).Methods.Single(m => m.Name == method)) > 0);
    }

    [Theory]
    [InlineData("BoundedCalls", "SumOfSquares")]
    [InlineData("BoundedCalls", "SumOfSquaresTwice")]
    [InlineData("BoundedCalls", "Locked")]
    [InlineData("PlainObject", ".ctor")]
    public void MethodsWhoseCallsCannotReachACheckpointAreLeftAlone(string type, string method)
    {
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        Assert.Equal(0, WovenIl.CheckpointCount(module.GetType("AssemblyToProcess." + type).Methods.Single(m => m.Name == method)));
    }

    [Fact]
    public void SmallLoopTestsWhetherToMoveToItsCopyAsItStartsAndAtEachIterationAndTheCopyHasTheLoopsCodeThenItsConditionAgain()
    {
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        using var unwovenModule = WovenIl.Read("AssemblyToProcess.dll");
        var sum = module.GetType("AssemblyToProcess.Loops").Methods.Single(m => m.Name == "Sum");
        var unwoven = unwovenModule.GetType("AssemblyToProcess.Loops").Methods.Single(m => m.Name == "Sum");
        var copies = WovenIl.Copies(sum);
        var inserted = WovenIl.Inserted(sum);
        var outsideCopies = sum.Body.Instructions.Where(i => !copies.Contains(i)).ToList();

        // One test on the jump into the loop's condition, of the lease the method's entry took (the method starts with
        // the loop), and one where each iteration starts; the loop's checkpoint, in its condition, is in the copy of the
        // loop and in the copy of the condition that the jump in runs first.
        Assert.Equal(1, outsideCopies.Count(WovenIl.IsCheckpoint));
        Assert.Single(WovenIl.LeasedTests(sum));
        Assert.Equal(1, outsideCopies.Count(WovenIl.IsLoopTest));
        Assert.Equal(2, copies.Count(WovenIl.IsCheckpoint));

        // The loop: from where its branch back goes to that branch; its condition: from where the jump in goes to that
        // branch. The copy reads the argument from a local of its own.
        sum.Body.SimplifyMacros();
        unwoven.Body.SimplifyMacros();
        var instructions = unwoven.Body.Instructions;
        var latch = instructions.Single(i => i.Operand is Instruction target && target.Offset < i.Offset);
        var loop = instructions.SkipWhile(i => i != latch.Operand).TakeWhile(i => i != latch.Next).ToList();
        var condition = loop.SkipWhile(i => i != instructions.Single(jump => jump.OpCode == OpCodes.Br).Operand);
        Assert.Equal(
            loop.Concat(condition).Select(i => i.OpCode == OpCodes.Ldarg ? OpCodes.Ldloc : i.OpCode),
            sum.Body.Instructions.Where(i => copies.Contains(i) && !inserted.Contains(i)).Select(i => i.OpCode));
    }

    [Theory]
    [InlineData("Loops", "Sum", true)]
    [InlineData("Recursion", "DescendAfterALoop", true)]
    [InlineData("Loops", "SumAfterACall", false)]
    [InlineData("Loops", "CountForever", false)]
    public void EntryTakesTheLeaseOfACopiedLoopThatOnlyItReachesThroughCodeThatCallsNothing(string type, string method, bool leased)
    {
        // SumAfterACall calls a method before its loop; CountForever's loop starts at its first instruction, which
        // the loop's branch back reaches too.
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        var wovenMethod = module.GetType("AssemblyToProcess." + type).Methods.Single(m => m.Name == method);

        Assert.NotEmpty(WovenIl.Copies(wovenMethod));
        Assert.Equal(leased ? 1 : 0, WovenIl.LeasedTests(wovenMethod).Count());
        Assert.Equal(leased ? "EnterLeasing" : "Enter", ((MethodReference)wovenMethod.Body.Instructions.First(WovenIl.IsCheckpoint).Operand).Name);
    }

    [Fact]
    public void LoopThatAnEarlierWeaverAddedIsStopped()
    {
        // Cecil leaves the instructions another weaver inserts at offset 0, so that a branch back from one of them
        // looked like a branch forward, and the method like one without a loop, which needs no checkpoint.
        var result = new WeaverThatAddsALoop().ExecuteTestRun("AssemblyToProcess.dll", runPeVerify: false, assemblyName: "AfterAnotherWeaver");
        var countTwice = (Action<StrongBox<long>>)result.Assembly.GetType("AssemblyToProcess.Loops")!.GetMethod("CountTwice")!
            .CreateDelegate(typeof(Action<StrongBox<long>>));
        var progress = new StrongBox<long>();
        var stop = new OperationCanceledException("stopped by the test");

        Assert.Same(stop, TestThread.RunInterrupted(() => countTwice(progress), stop, 1_000));
        Assert.True(progress.Value > 2, "the loop the other weaver added never ran");
    }

    /// <summary>
    /// A weaver listed before Interrupts in FodyWeavers.xml: it makes <c>Loops.CountTwice</c> count for ever, with a
    /// branch from its end back to its second count, then runs Interrupts' weaver on the same module.
    /// </summary>
    private sealed class WeaverThatAddsALoop : BaseModuleWeaver
    {
        public override void Execute()
        {
            var method = ModuleDefinition.GetType("AssemblyToProcess.Loops").Methods.Single(m => m.Name == "CountTwice");
            var instructions = method.Body.Instructions;
            var secondCount = instructions.Where(i => i.OpCode == OpCodes.Ldarg_0).ElementAt(1);
            instructions.Insert(instructions.Count - 1, Instruction.Create(OpCodes.Br, secondCount));
            new ModuleWeaver
            {
                Config = new XElement("Interrupts"),
                ModuleDefinition = ModuleDefinition,
                AssemblyResolver = AssemblyResolver,
            }.Execute();
        }

        public override IEnumerable<string> GetAssembliesForScanning() => [];
    }

    [Fact]
    public void CopyOfANestEntersItsInnerLoopAtTheHeadFromACopyOfTheInnerCondition()
    {
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        var nest = module.GetType("AssemblyToProcess.CompilerShapes.SmallNest").Methods.Single(m => m.Name == "Run");
        var copies = WovenIl.Copies(nest);
        var index = nest.Body.Instructions.Select((instruction, i) => (instruction, i)).ToDictionary(p => p.instruction, p => p.i);
        var conditionalBranches = copies.Where(i => i.OpCode.FlowControl == FlowControl.Cond_Branch).ToList();

        // Tier 0 places its patchpoint for on-stack replacement at a loop head with two predecessors: the loop's own
        // branch back, and the copy of its condition that runs where the loop was jumped into.
        var heads = conditionalBranches.Where(b => index[(Instruction)b.Operand] < index[b]).Select(b => (Instruction)b.Operand);
        Assert.Contains(heads, head => conditionalBranches.Any(b => b.Operand == head && index[b] < index[head]));
    }

    [Theory]
    [InlineData("Sum", true)]
    [InlineData("SumOfSquares", true)]
    [InlineData("SumOfSums", false)]
    public void OnlyLoopsWhoseCallsCannotReachACheckpointAreCopied(string method, bool copied)
    {
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        var loop = module.GetType("AssemblyToProcess.Loops").Methods.Single(m => m.Name == method);

        Assert.Equal(copied, WovenIl.Copies(loop).Count > 0);
    }

    [Fact]
    public void MethodsThatNeitherLoopNorCallAreLeftAlone()
    {
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        var nothing = module.GetType("AssemblyToProcess.Loops").Methods.Single(m => m.Name == "Nothing");
        Assert.Equal(0, WovenIl.CheckpointCount(nothing));
    }

    [Fact]
    public void WeaverLogsOneLineWithMethodsAndCheckpoints()
    {
        using var module = WovenIl.Read(woven.Result.AssemblyPath);
        var methods = WovenIl.Methods(module).Count(m => WovenIl.CheckpointCount(m) > 0);
        var checkpoints = WovenIl.Methods(module).Sum(WovenIl.CheckpointCount);

        var message = Assert.Single(woven.Result.Messages);
        Assert.Equal($"wove {methods} methods of AssemblyToProcess, inserting {checkpoints} checkpoints.", message.Text);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void InvalidIntervalFailsNamingTheSettingAndValue(string value)
    {
        var exception = Assert.Throws<WeavingException>(() =>
            Weaving.WeaveAssemblyToProcess(new XElement("Interrupts", new XAttribute("Interval", value)), "BadInterval" + value.GetHashCode()));

        Assert.Equal(
            $"Interrupts: Interval='{value}' in FodyWeavers.xml is not valid; it must be a whole number from 1 to 2147483647.",
            exception.Message);
    }

    [Fact]
    public void UnknownAttributeFailsNamingItAndItsValue()
    {
        var exception = Assert.Throws<WeavingException>(() =>
            Weaving.WeaveAssemblyToProcess(new XElement("Interrupts", new XAttribute("Intervall", "50")), "UnknownAttribute"));

        Assert.Equal(
            "Interrupts: unknown attribute 'Intervall' (value '50') in FodyWeavers.xml; the settings are Interval, Include, Exclude.",
            exception.Message);
    }

    [Fact]
    public void MethodTheWeaverCannotHandleFailsTheBuildNamingIt()
    {
        var malformed = MalformedInput.Write(Path.Combine(Path.GetDirectoryName(woven.Result.AssemblyPath)!, "malformed"));

        var exception = Assert.Throws<WeavingException>(() => Weaving.Weave(malformed));

        Assert.StartsWith($"Interrupts: cannot weave {MalformedInput.MethodName}: ", exception.Message);
    }

    [Fact]
    public void WeavingAWovenAssemblyAgainChangesNothing()
    {
        var again = Weaving.Weave(woven.Result.AssemblyPath, copyName: "WovenTwice");

        using var once = WovenIl.Read(woven.Result.AssemblyPath);
        using var twice = WovenIl.Read(again.AssemblyPath);
        Assert.Equal(WovenIl.Methods(once).Select(m => m.Body.Instructions.Count), WovenIl.Methods(twice).Select(m => m.Body.Instructions.Count));
        Assert.Equal("WovenTwice is already woven; left as it is.", Assert.Single(again.Messages).Text);
    }

    [Fact]
    public void TheRuntimeAssemblyIsNeverWoven()
    {
        var result = Weaving.Weave("Interrupts.dll");

        using var module = WovenIl.Read(result.AssemblyPath);
        Assert.Equal(0, WovenIl.Methods(module).Sum(WovenIl.CheckpointCount));
        Assert.Equal("the runtime assembly is never woven.", Assert.Single(result.Messages).Text);
    }
}
