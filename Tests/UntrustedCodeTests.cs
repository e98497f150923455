using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using Interrupts;
using Interrupts.Weaving;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tests;

/// <summary>
/// <see cref="WeavingOptions.Untrusted"/>: code that does not want to be stopped cannot hide where interrupts are held,
/// nor use the runtime's own methods to hold them.
/// </summary>
[Collection(WovenCollection.Name)]
public sealed class UntrustedCodeTests(UntrustedAssembly untrusted, Infrastructure.WovenAssembly trusted, ITestOutputHelper output) : IClassFixture<UntrustedAssembly>
{
    private const long Budget = 1000;

    /// <summary>Every turn of a spin runs at least this many IL instructions, each of them charged.</summary>
    private const int LeastInstructionsPerTurn = 5;

    /// <summary>And at most this many: a hold that held to its bound made at least the bound over this many turns.</summary>
    private const int MostInstructionsPerTurn = 20;

    private const long FewestTurnsHeld = UntrustedAssembly.HoldBound / MostInstructionsPerTurn;

    /// <summary>The hold's bound, the budget before it, and up to two intervals of checkpoints on either side.</summary>
    private const long MostTurnsHeld = (Budget + UntrustedAssembly.HoldBound + (2 * UntrustedAssembly.Interval)) / LeastInstructionsPerTurn;

    public static TheoryData<string> Holds { get; } = new()
    {
        nameof(AssemblyToProcess.EscapeHatches.SpinInFinally),
        nameof(AssemblyToProcess.EscapeHatches.SpinUninterruptible),
        nameof(AssemblyToProcess.EscapeHatches.SpinSuppressed),
        nameof(AssemblyToProcess.EscapeHatches.SpinSuppressedCatchingEverything),
        nameof(AssemblyToProcess.EscapeHatches.SpinSuppressedThroughFinallyBlocks),
    };

    public static TheoryData<string> CheckpointMethods { get; } = new(
        typeof(Checkpoint).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Distinct());

    [Theory]
    [MemberData(nameof(Holds))]
    public void HoldOfUntrustedCodeLetsTheInterruptThroughWithinItsBound(string hold)
    {
        var spin = untrusted.Method<Action<StrongBox<long>, long>>("EscapeHatches", hold);
        var turns = new StrongBox<long>();

        var thrown = SpinInBudget(spin, turns);
        output.WriteLine($"{hold}: {turns.Value:N0} turns");

        Assert.IsType<InstructionBudgetExceededException>(thrown);
        Assert.InRange(turns.Value, FewestTurnsHeld, MostTurnsHeld);
    }

    [Fact]
    public void FilterOfUntrustedCodeIsNotHeldAndTheStopComesOutOfTheHandlerAfterIt()
    {
        var spin = untrusted.Method<Action<StrongBox<long>, long>>("EscapeHatches", "SpinInFilter");
        var turns = new StrongBox<long>();

        var thrown = SpinInBudget(spin, turns);

        // .NET takes the filter that threw as false; the outer catch block then throws the stop on.
        Assert.IsType<InstructionBudgetExceededException>(thrown);
        Assert.InRange(turns.Value, 1, Budget / LeastInstructionsPerTurn);
    }

    [Fact]
    public void UntrustedCodeStaysInterruptibleAfterAFilterWasCut()
    {
        var filter = untrusted.Method<Action<StrongBox<long>, long>>("EscapeHatches", "SpinInFilter");
        var spinInFinally = untrusted.Method<Action<StrongBox<long>, long>>("EscapeHatches", "SpinInFinally");
        var turns = new StrongBox<long>();

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Budget(Budget))
            {
                Assert.Throws<InstructionBudgetExceededException>(() => filter(new StrongBox<long>(), long.MaxValue));
            }

            // The same thread: the hold of the next finally block is bounded from its start, not left over.
            using (Interrupt.Budget(Budget))
            {
                spinInFinally(turns, long.MaxValue);
            }
        });

        Assert.IsType<InstructionBudgetExceededException>(thrown);
        Assert.InRange(turns.Value, FewestTurnsHeld, MostTurnsHeld);
    }

    [Fact]
    public void TrustedCodeHoldsToTheEndOfItsFinallyBlock()
    {
        var spin = trusted.Method<Action<StrongBox<long>, long>>("EscapeHatches", "SpinInFinally");
        var spinForever = trusted.Method<Action>("Loops", "SpinForever");
        var turns = new StrongBox<long>();
        const long Most = 10 * UntrustedAssembly.HoldBound;

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Budget(Budget))
            {
                spin(turns, Most);
                spinForever();
            }
        });

        Assert.IsType<InstructionBudgetExceededException>(thrown);
        Assert.Equal(Most, turns.Value);
    }

    [Fact]
    public void CtrlCStopsUntrustedCodeSpinningForEverInAFinallyBlock()
    {
        var spin = untrusted.Method<Action<StrongBox<long>, long>>("EscapeHatches", "SpinInFinally");
        var buffer = new InterruptBuffer();
        var turns = new StrongBox<long>();
        using var pressed = new Timer(_ => buffer.Raise(InterruptBuffer.KeyboardInterrupt), null, 50, Timeout.Infinite);

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Check(buffer))
            {
                spin(turns, long.MaxValue);
            }
        });

        Assert.IsType<KeyboardInterruptException>(thrown);
        Assert.True(turns.Value > 0);
    }

    [Fact]
    public void StaticConstructorThatSpinsIsCutWithinItsBoundAndItsTypeStaysBroken()
    {
        var spin = untrusted.Method<Action<StrongBox<long>, long>>("EscapeHatches", "SpinInStaticConstructor");
        var turns = new StrongBox<long>();

        var thrown = SpinInBudget(spin, turns);
        var again = TestThread.Run(() => spin(new StrongBox<long>(), 0));

        // The runtime wraps what a static constructor throws, and remembers it: the type cannot be used again.
        Assert.IsType<InstructionBudgetExceededException>(Assert.IsType<TypeInitializationException>(thrown).InnerException);
        Assert.InRange(turns.Value, FewestTurnsHeld, MostTurnsHeld);
        Assert.IsType<TypeInitializationException>(again);
    }

    [Fact]
    public void EveryMethodOfUntrustedCodeCompiles()
    {
        var verification = JitVerifier.Verify(untrusted.Path);

        Assert.Empty(verification.Failures);
        Assert.Empty(verification.NotCompiled);
    }

    [Fact]
    public void UntrustedCodeHoldsWithBoundedRegionsAndSuppressions()
    {
        using var module = ModuleDefinition.ReadModule(untrusted.Path);
        var calls = WovenIl.Methods(module).SelectMany(m => m.Body.Instructions).Select(i => i.Operand).OfType<MethodReference>()
            .Where(m => m.DeclaringType.FullName is "Interrupts.Checkpoint" or "Interrupts.Interrupt").Select(m => m.Name).ToHashSet();

        Assert.Contains("EnterBoundedRegion", calls);
        Assert.Contains("SuppressBounded", calls);
        Assert.DoesNotContain("EnterHeldRegion", calls);
        Assert.DoesNotContain("Suppress", calls);
    }

    [Fact]
    public void AssemblyWovenBeforeIsRefusedAsUntrustedCode()
    {
        var exception = Assert.Throws<AssemblyWeavingException>(
            () => AssemblyWeaver.Weave(File.ReadAllBytes(trusted.Result.AssemblyPath), options: UntrustedAssembly.Options));

        Assert.Contains("woven before", exception.Message);
    }

    [Theory]
    [MemberData(nameof(CheckpointMethods))]
    public void UntrustedCodeThatUsesACheckpointMethodItselfIsRefusedNamingTheMethod(string checkpointMethod)
    {
        var image = AssemblyCalling(typeof(Checkpoint).GetMethods().First(m => m.Name == checkpointMethod));

        var exception = Assert.Throws<AssemblyWeavingException>(() => AssemblyWeaver.Weave(image, options: UntrustedAssembly.Options));

        Assert.Equal("System.Void Escape::Use()", exception.MethodName);
        Assert.Contains($"Checkpoint.{checkpointMethod}", exception.Message);
    }

    [Fact]
    public void UntrustedCodeThatMakesADelegateOfSuppressIsRefused()
    {
        var image = AssemblyCalling(typeof(Interrupt).GetMethod(nameof(Interrupt.Suppress))!, OpCodes.Ldftn);

        var exception = Assert.Throws<AssemblyWeavingException>(() => AssemblyWeaver.Weave(image, options: UntrustedAssembly.Options));

        Assert.Contains("Interrupt.Suppress", exception.Message);
    }

    [Fact]
    public void TrustedCodeMayUseCheckpointMethodsItself()
    {
        var image = AssemblyCalling(typeof(Checkpoint).GetMethod(nameof(Checkpoint.EnterHeldRegion))!);

        Assert.Equal(WeavingOutcome.Woven, AssemblyWeaver.Weave(image).Report.Outcome);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxHeldInstructionsBelowOneIsRejected(int bound)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new WeavingOptions { MaxHeldInstructions = bound });

        Assert.Equal(nameof(WeavingOptions.MaxHeldInstructions), exception.ParamName);
        Assert.Contains($"MaxHeldInstructions={bound}", exception.Message);
    }

    /// <summary>Runs <paramref name="spin"/> without end inside a budget, on a thread of its own; returns what it threw.</summary>
    private static Exception? SpinInBudget(Action<StrongBox<long>, long> spin, StrongBox<long> turns) =>
        TestThread.Run(() =>
        {
            using (Interrupt.Budget(Budget))
            {
                spin(turns, long.MaxValue);
            }
        });

    /// <summary>An assembly whose method <c>Escape.Use</c> uses <paramref name="target"/> with <paramref name="use"/> (a call by default) and loops.</summary>
    private static byte[] AssemblyCalling(MethodInfo target, OpCode? use = null)
    {
        using var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition("Escape", new Version(1, 0)), "Escape", ModuleKind.Dll);
        var module = assembly.MainModule;
        var type = new TypeDefinition("", "Escape", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed, module.TypeSystem.Object);
        module.Types.Add(type);
        var method = new MethodDefinition("Use", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, module.TypeSystem.Void);
        type.Methods.Add(method);
        var il = method.Body.GetILProcessor();
        var callee = target.IsGenericMethodDefinition ? target.MakeGenericMethod(typeof(object)) : target;
        if (use is null)
        {
            foreach (var parameter in callee.GetParameters())
            {
                if (parameter.ParameterType == typeof(long))
                {
                    il.Emit(OpCodes.Ldc_I8, 0L);
                }
                else
                {
                    il.Emit(parameter.ParameterType.IsValueType ? OpCodes.Ldc_I4_0 : OpCodes.Ldnull);
                }
            }
        }

        il.Emit(use ?? OpCodes.Call, module.ImportReference(callee));
        if (use is not null || callee.ReturnType != typeof(void))
        {
            il.Emit(OpCodes.Pop);
        }

        il.Emit(OpCodes.Ret);
        using var image = new MemoryStream();
        assembly.Write(image);
        return image.ToArray();
    }
}
