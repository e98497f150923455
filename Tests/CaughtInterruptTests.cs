using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Runtime.CompilerServices;
using AssemblyToProcess;
using Interrupts;
using Tests.Infrastructure;

namespace Tests;

/// <summary>
/// An interrupt reaches the code outside its scope as itself: the catch blocks of woven code inside the scope run, and
/// at their end the interrupt goes on, whether they return, fall through, retry, or throw an exception of their own.
/// </summary>
[Collection(WovenCollection.Name)]
public sealed class CaughtInterruptTests(WovenAssembly woven)
{
    /// <summary>How each scope is stopped, and the type of the interrupt it throws.</summary>
    public enum Source
    {
        Buffer,
        Token,
        Deadline,
        Budget,
        CallbackThatThrowsACancellationOnce,
    }

    /// <summary>
    /// The shapes of <see cref="CatchingCode"/> and how many times each counts a catch (or a disposal) while an
    /// interrupt passes.
    /// </summary>
    private static readonly Dictionary<string, long> CatchesPerShape = new()
    {
        [nameof(CatchingCode.CatchAndWrap)] = 1,
        [nameof(CatchingCode.CatchAndReturnDefault)] = 1,
        [nameof(CatchingCode.RetryForever)] = 1,
        [nameof(CatchingCode.CatchLogAndRethrow)] = 1,
        [nameof(CatchingCode.CatchWhenTrue)] = 1,
        [nameof(CatchingCode.CatchWhenFalse)] = 0,
        [nameof(CatchingCode.NestedTryBlocks)] = 2,
        [nameof(CatchingCode.WrapWithAHelper)] = 1,
        [nameof(CatchingCode.ThrowFromAHelper)] = 1,
        [nameof(CatchingCode.CatchInAnAsyncMethod)] = 1,
        [nameof(CatchingCode.AwaitUsing)] = 1,
        [nameof(CatchingCode.CatchInAnIterator)] = 1,
        [nameof(CatchingCode.CatchInAFinallyBlock)] = 11,
    };

    public static TheoryData<string, Source> ShapesAndSources()
    {
        var data = new TheoryData<string, Source>();
        foreach (var shape in CatchesPerShape.Keys)
        {
            foreach (var source in Enum.GetValues<Source>())
            {
                data.Add(shape, source);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShapesAndSources))]
    public void InterruptReachesTheCallerOutsideItsScopeAsItselfAfterTheCatchBlocksRan(string shape, Source source)
    {
        var probe = new Probe();

        var (thrown, interrupt) = RunStopped(Shape(shape), probe, source);

        Assert.NotNull(interrupt);
        Assert.Same(interrupt, thrown);
        Assert.Equal(CatchesPerShape[shape], probe.Caught.Value);
    }

    [Theory]
    [InlineData(Source.Buffer)]
    [InlineData(Source.Token)]
    [InlineData(Source.Budget)]
    public void CatchNamingTheInterruptsTypeRunsAndTheInterruptGoesOn(Source source)
    {
        var probe = new Probe();

        var (thrown, interrupt) = RunStopped(Shape(nameof(CatchingCode.CatchCancellation)), probe, source);

        Assert.Same(interrupt, thrown);
        Assert.Equal(1, probe.Caught.Value);
    }

    [Fact]
    public void CatchOfAnotherTypeDoesNotTakeTheInterrupt()
    {
        var probe = new Probe();

        // A deadline is a TimeoutException, not a cancellation.
        var (thrown, interrupt) = RunStopped(Shape(nameof(CatchingCode.CatchCancellation)), probe, Source.Deadline);

        Assert.Same(interrupt, thrown);
        Assert.Equal(0, probe.Caught.Value);
    }

    [Fact]
    public void CatchOutsideTheScopeThatThrewEndsTheInterrupt()
    {
        var stopWithinBudget = woven.Method<Func<StrongBox<long>, StrongBox<long>, long, long>>("CatchingCode", nameof(CatchingCode.StopWithinABudgetOfItsOwn));
        var probe = new Probe();
        using var source = new CancellationTokenSource();
        long result = 0;

        // The method's own budget stops it, inside a token's scope that never fires.
        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Check(source.Token))
            {
                result = stopWithinBudget(probe.Spins, probe.Caught, 1_000_000);
            }
        });

        Assert.Null(thrown);
        Assert.Equal(-1, result);
        Assert.Equal(1, probe.Caught.Value);
    }

    [Fact]
    public void CallbackThatThrowsACancellationStopsItsScopeAndIsNotCalledAgain()
    {
        var probe = new Probe();
        var stop = new KeyboardInterruptException();
        int calls = 0, callsAtStop = 0;
        var retry = Shape(nameof(CatchingCode.RetryForever));

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Check(
                () =>
                {
                    calls++;
                    if (probe.Spins.Value > 0)
                    {
                        callsAtStop = calls;
                        throw stop;
                    }
                },
                100))
            {
                retry(probe);
            }
        });

        Assert.Same(stop, thrown);
        Assert.Equal(1, probe.Caught.Value);
        Assert.Equal(callsAtStop, calls);
    }

    [Fact]
    public void CallbackThatThrowsAnotherExceptionIsNotAStopAndACatchEndsIt()
    {
        var probe = new Probe();
        var notAStop = new InvalidOperationException("not a stop");
        var thrown = false;
        long result = 0;
        var catchAndReturnDefault = Shape(nameof(CatchingCode.CatchAndReturnDefault));

        var escaped = TestThread.Run(() =>
        {
            using (Interrupt.Check(
                () =>
                {
                    if (!thrown && probe.Spins.Value > 0)
                    {
                        thrown = true;
                        throw notAStop;
                    }
                },
                100))
            {
                result = catchAndReturnDefault(probe);
            }
        });

        Assert.Null(escaped);
        Assert.True(thrown);
        Assert.Equal(-1, result);
    }

    [Fact]
    public void SignalHandlerThatThrowsACancellationStopsItsScope()
    {
        var probe = new Probe();
        var buffer = new InterruptBuffer();
        var stop = new OperationCanceledException("the handler's");
        buffer.SetHandler(InterruptBuffer.KeyboardInterrupt, _ => throw stop);
        var catchAndWrap = Shape(nameof(CatchingCode.CatchAndWrap));

        var thrown = TestThread.Run(() =>
        {
            var stopper = StopOnceSpinning(probe, () => buffer.Raise());
            using (Interrupt.Check(buffer))
            {
                catchAndWrap(probe);
            }

            stopper.Join();
        });

        Assert.Same(stop, thrown);
        Assert.Equal(1, probe.Caught.Value);
    }

    /// <summary>The shape as a call that runs it until it returns or throws.</summary>
    private Func<Probe, long> Shape(string name)
    {
        switch (name)
        {
            case nameof(CatchingCode.CatchInAnAsyncMethod) or nameof(CatchingCode.AwaitUsing):
                var async = woven.Method<Func<StrongBox<long>, StrongBox<long>, Task<long>>>("CatchingCode", name);
                return probe => async(probe.Spins, probe.Caught).GetAwaiter().GetResult();
            case nameof(CatchingCode.CatchInAnIterator):
                var iterator = woven.Method<Func<StrongBox<long>, StrongBox<long>, IEnumerable<long>>>("CatchingCode", name);
                return probe => iterator(probe.Spins, probe.Caught).First();
            default:
                var shape = woven.Method<Func<StrongBox<long>, StrongBox<long>, long>>("CatchingCode", name);
                return probe => shape(probe.Spins, probe.Caught);
        }
    }

    /// <summary>
    /// Runs <paramref name="shape"/> in the scope of <paramref name="source"/>, stopped once its loop is spinning;
    /// returns what came out of the scope and the interrupt that the scope threw first.
    /// </summary>
    private static (Exception? Thrown, Exception? Interrupt) RunStopped(Func<Probe, long> shape, Probe probe, Source source)
    {
        Exception? interrupt = null;
        var thrown = TestThread.Run(() =>
        {
            var (open, stop, type) = Scope(source, probe);
            using var first = new FirstThrow(type);
            try
            {
                var stopper = stop is null ? null : StopOnceSpinning(probe, stop);
                using (open())
                {
                    shape(probe);
                }

                stopper?.Join();
            }
            finally
            {
                interrupt = first.Exception;
            }
        });
        return (thrown, interrupt);
    }

    private static (Func<IDisposable> Open, Action? Stop, Type Interrupt) Scope(Source source, Probe probe)
    {
        switch (source)
        {
            case Source.Buffer:
                var buffer = new InterruptBuffer();
                return (() => Interrupt.Check(buffer), () => buffer.Raise(), typeof(KeyboardInterruptException));
            case Source.Token:
                var cancellation = new CancellationTokenSource();
                return (() => Interrupt.Check(cancellation.Token), cancellation.Cancel, typeof(OperationCanceledException));
            case Source.Deadline:
                return (() => Interrupt.Deadline(TimeSpan.FromMilliseconds(20)), null, typeof(DeadlineExceededException));
            case Source.Budget:
                return (() => Interrupt.Budget(1_000_000), null, typeof(InstructionBudgetExceededException));
            default:
                var thrown = false;
                return (
                    () => Interrupt.Check(
                        () =>
                        {
                            if (!thrown && probe.Spins.Value > 0)
                            {
                                thrown = true;
                                throw new OperationCanceledException("the callback's");
                            }
                        },
                        1000),
                    null,
                    typeof(OperationCanceledException));
        }
    }

    /// <summary>Calls <paramref name="stop"/> from another thread once the loop of the shape has started.</summary>
    private static Thread StopOnceSpinning(Probe probe, Action stop)
    {
        var stopper = new Thread(() =>
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref probe.Spins.Value) != 0, TimeSpan.FromSeconds(30));
            stop();
        });
        stopper.Start();
        return stopper;
    }

    /// <summary>What a run of a shape did: how far its loop got, and how many catch blocks ran.</summary>
    private sealed class Probe
    {
        public StrongBox<long> Spins { get; } = new();

        public StrongBox<long> Caught { get; } = new();
    }
}
