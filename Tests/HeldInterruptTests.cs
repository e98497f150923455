using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Interrupts;
using Mono.Cecil;
using Tests.Infrastructure;

namespace Tests;

/// <summary>
/// Where an interrupt would do lasting harm it is held: the callback does not run there, and runs at the first
/// checkpoint after. Each scenario lets the callback fall due inside held code and records where it ran.
/// </summary>
[Collection(WovenCollection.Name)]
public sealed class HeldInterruptTests(WovenAssembly woven)
{
    private const long Interval = 1000;

    private readonly OperationCanceledException _stop = new("stopped by the test");

    [Theory]
    [InlineData("FinallyThenSpin")]
    [InlineData("NestedFinallyThenSpin")]
    [InlineData("FilterThenSpin")]
    [InlineData("UninterruptibleThenSpin")]
    [InlineData("UninterruptibleLambdaThenSpin")]
    [InlineData("UninterruptibleIteratorThenSpin")]
    [InlineData("IteratorFinallyThenSpin")]
    public void InterruptFallingDueInHeldCodeIsDeliveredRightAfterIt(string method)
    {
        var (thrown, deliveredAt) = RunUntilInterrupted(woven.Method<Action<StrongBox<int>>>("HeldRegions", method));

        Assert.Same(_stop, thrown);
        Assert.Equal(2, deliveredAt);
    }

    [Fact]
    public void InterruptFallingDueInAStaticConstructorIsDeliveredAfterItAndTheTypeStaysUsable()
    {
        var (thrown, deliveredAt) = RunUntilInterrupted(woven.Method<Action<StrongBox<int>>>("HeldRegions", "StaticConstructorThenSpin"));

        Assert.Same(_stop, thrown);
        Assert.Equal(2, deliveredAt);
        Assert.Equal(AssemblyToProcess.SlowlyInitialized.Value, woven.Method<Func<long>>("HeldRegions", "ReadSlowlyInitialized")());
    }

    [Fact]
    public void FinallyBlockThatThrowsStillEndsTheHold()
    {
        var finallyThatThrows = woven.Method<Action<StrongBox<int>>>("HeldRegions", "FinallyThatThrows");
        var spinForever = woven.Method<Action>("Loops", "SpinForever");
        var calls = 0;

        TestThread.Run(() =>
        {
            using (Interrupt.Check(() => { calls++; throw _stop; }, Interval))
            {
                Assert.IsType<InvalidOperationException>(Record.Exception(() => finallyThatThrows(new StrongBox<int>())));
                Assert.Equal(0, calls);
                Assert.Same(_stop, Record.Exception(spinForever));
                Assert.Equal(1, calls);
            }
        });
    }

    [Fact]
    public void SuppressHoldsInterruptsUntilDisposed()
    {
        var sum = woven.Method<Func<long, long>>("Loops", "Sum");
        var spinForever = woven.Method<Action>("Loops", "SpinForever");
        var calls = 0;

        TestThread.Run(() =>
        {
            using (Interrupt.Check(() => { calls++; throw _stop; }, Interval))
            {
                using (Interrupt.Suppress())
                {
                    Assert.Equal(AssemblyToProcess.Loops.Sum(1_000_000), sum(1_000_000));
                }

                Assert.Equal(0, calls);
                Assert.Same(_stop, Record.Exception(spinForever));
                Assert.Equal(1, calls);
            }
        });
    }

    [Fact]
    public async Task SuppressFollowsTheFlowOntoOtherThreads()
    {
        var sum = woven.Method<Func<long, long>>("Loops", "Sum");
        var calls = 0;

        using (Interrupt.Check(() => { calls++; throw _stop; }, Interval))
        {
            using (Interrupt.Suppress())
            {
                Assert.Equal(AssemblyToProcess.Loops.Sum(1_000_000), await Task.Run(() => sum(1_000_000)));
            }

            Assert.Equal(0, calls);
            Assert.Same(_stop, await Record.ExceptionAsync(() => Task.Run(() => sum(1_000_000))));
        }
    }

    [Fact]
    public void SuppressDisposedBeforeTheOneInsideItThrowsAndChangesNothing()
    {
        using var outer = Interrupt.Suppress();
        using var inner = Interrupt.Suppress();

        Assert.Throws<InvalidOperationException>(outer.Dispose);
        inner.Dispose();
        outer.Dispose();
    }

    [Fact]
    public void UninterruptibleAssemblyHoldsInterruptsInAllItsCode()
    {
        var marked = Path.Combine(Path.GetDirectoryName(woven.Result.AssemblyPath)!, "uninterruptible", "AssemblyToProcess.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(marked)!);
        using (var module = ModuleDefinition.ReadModule("AssemblyToProcess.dll"))
        {
            var attribute = module.ImportReference(typeof(UninterruptibleAttribute).GetConstructor(Type.EmptyTypes));
            module.Assembly.CustomAttributes.Add(new CustomAttribute(attribute));
            module.Write(marked);
        }

        var uninterruptible = Weaving.Weave(marked, copyName: "UninterruptibleAssembly").Assembly;
        var sum = uninterruptible.GetType("AssemblyToProcess.Loops")!.GetMethod("Sum")!.CreateDelegate<Func<long, long>>();
        var spinForever = woven.Method<Action>("Loops", "SpinForever");
        var calls = 0;

        TestThread.Run(() =>
        {
            using (Interrupt.Check(() => { calls++; throw _stop; }, Interval))
            {
                Assert.Equal(AssemblyToProcess.Loops.Sum(1_000_000), sum(1_000_000));
                Assert.Equal(0, calls);
                Assert.Same(_stop, Record.Exception(spinForever));
            }
        });
    }

    /// <summary>Runs <paramref name="run"/> in a scope whose callback throws; returns what came out and the phase the
    /// callback ran at.</summary>
    private (Exception? Thrown, int DeliveredAt) RunUntilInterrupted(Action<StrongBox<int>> run)
    {
        var phase = new StrongBox<int>();
        var deliveredAt = -1;
        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Check(() => { deliveredAt = phase.Value; throw _stop; }, Interval))
            {
                run(phase);
            }
        });
        return (thrown, deliveredAt);
    }
}
