using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Interrupts;
using Tests.Infrastructure;

namespace Tests;

/// <summary>How <see cref="Interrupt.Check"/> scopes count, nest, close and follow the logical flow.</summary>
[Collection(WovenCollection.Name)]
public sealed class ScopeTests(WovenAssembly woven)
{
    private const long Iterations = 100_000;
    private readonly Func<long, long> _sum = woven.Method<Func<long, long>>("Loops", "Sum");

    [Fact]
    public void CheckRejectsANullCallback()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => Interrupt.Check(null!, 10));
        Assert.Equal("callback", exception.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void CheckRejectsAnIntervalBelowOne(long interval)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Interrupt.Check(() => { }, interval));
        Assert.Equal("interval", exception.ParamName);
    }

    [Fact]
    public void CallbackRunsOncePerIntervalOfWovenInstructions()
    {
        var every1000 = CallbacksDuringSum(1000);
        var every10000 = CallbacksDuringSum(10_000);

        Assert.True(every10000 > 0);
        Assert.InRange(every1000, (every10000 * 10) - 10, (every10000 * 10) + 10);
    }

    [Fact]
    public void TheSameCodeIsChargedTheSameEveryRun()
    {
        Assert.Equal(CallbacksDuringSum(777), CallbacksDuringSum(777));
    }

    [Fact]
    public void CallbackDoesNotRunAfterTheScopeIsDisposed()
    {
        var calls = 0;
        Interrupt.Check(() => calls++, 1).Dispose();

        _sum(Iterations);

        Assert.Equal(0, calls);
    }

    [Fact]
    public void NestedScopesEachRunOnTheirOwnInterval()
    {
        int outer = 0, inner = 0;
        using (Interrupt.Check(() => outer++, 10_000))
        {
            using (Interrupt.Check(() => inner++, 1000))
            {
                _sum(Iterations);
            }
        }

        Assert.Equal(CallbacksDuringSum(10_000), outer);
        Assert.Equal(CallbacksDuringSum(1000), inner);
    }

    [Fact]
    public void DisposingTheInnerScopeRestoresTheOuterOne()
    {
        int outer = 0, inner = 0;
        using (Interrupt.Check(() => outer++, 1000))
        {
            Interrupt.Check(() => inner++, 1000).Dispose();
            _sum(Iterations);
        }

        Assert.Equal(0, inner);
        Assert.Equal(CallbacksDuringSum(1000), outer);
    }

    [Fact]
    public void DisposingOutOfOrderThrowsAndLeavesBothScopesActive()
    {
        int outer = 0, inner = 0;
        var outerScope = Interrupt.Check(() => outer++, 1000);
        var innerScope = Interrupt.Check(() => inner++, 1000);

        Assert.Throws<InvalidOperationException>(outerScope.Dispose);
        _sum(Iterations);
        innerScope.Dispose();
        outerScope.Dispose();
        _sum(Iterations);

        Assert.Equal(CallbacksDuringSum(1000), outer);
        Assert.Equal(CallbacksDuringSum(1000), inner);
    }

    [Fact]
    public void DisposingTwiceIsHarmless()
    {
        var calls = 0;
        using (Interrupt.Check(() => calls++, 1000))
        {
            var inner = Interrupt.Check(() => { }, 1000);
            inner.Dispose();
            inner.Dispose();
            _sum(Iterations);
        }

        Assert.Equal(CallbacksDuringSum(1000), calls);
    }

    [Fact]
    public void WovenCodeCalledFromTheCallbackDoesNotRunTheCallbackAgain()
    {
        int calls = 0, depth = 0, deepest = 0;
        using (Interrupt.Check(
            () =>
            {
                calls++;
                deepest = Math.Max(deepest, ++depth);
                _sum(Iterations);
                depth--;
            },
            1000))
        {
            _sum(Iterations);
        }

        Assert.Equal(CallbacksDuringSum(1000), calls);
        Assert.Equal(1, deepest);
    }

    [Fact]
    public async Task ScopeFollowsAwaitOntoAnotherThread()
    {
        var sumAroundAwait = woven.Method<Func<Task, long, Task<long>>>("Loops", "SumAroundAwait");
        var gate = new TaskCompletionSource();
        var callbackThreads = new ConcurrentDictionary<int, int>();
        var completer = new Thread(() => gate.SetResult());

        using (Interrupt.Check(() => callbackThreads.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1), 1000))
        {
            // The first half runs here; the second resumes on the thread that opens the gate.
            var sum = sumAroundAwait(gate.Task, Iterations);
            Assert.InRange(callbackThreads[Environment.CurrentManagedThreadId], CallbacksDuringSum(1000), CallbacksDuringSum(1000) + 1);
            completer.Start();
            await sum;
        }

        Assert.InRange(callbackThreads[completer.ManagedThreadId], CallbacksDuringSum(1000) - 1, CallbacksDuringSum(1000) + 1);
    }

    [Fact]
    public void ThreadsRunningWovenCodeHaveIndependentScopes()
    {
        var expected = new[] { CallbacksDuringSum(1000), CallbacksDuringSum(3000) };
        var counts = new int[2];
        var foreignCallbacks = 0;
        using var start = new Barrier(2);
        var threads = new Thread[2];
        for (var t = 0; t < threads.Length; t++)
        {
            var index = t;
            threads[t] = new Thread(() =>
            {
                var own = Environment.CurrentManagedThreadId;
                using (Interrupt.Check(
                    () =>
                    {
                        counts[index]++;
                        if (Environment.CurrentManagedThreadId != own)
                        {
                            Interlocked.Increment(ref foreignCallbacks);
                        }
                    },
                    index == 0 ? 1000 : 3000))
                {
                    start.SignalAndWait();
                    for (var round = 0; round < 20; round++)
                    {
                        _sum(Iterations);
                    }
                }
            });
            threads[t].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(0, foreignCallbacks);
        // One scope carries its count over from one Sum to the next, so 20 Sums may reach a multiple more than 20 times.
        Assert.InRange(counts[0], 20 * expected[0], (20 * expected[0]) + 20);
        Assert.InRange(counts[1], 20 * expected[1], (20 * expected[1]) + 20);
    }

    [Fact]
    public void FlowsTakingTurnsOnOneThreadAreEachChargedOnlyTheirOwnCode()
    {
        long CallsWhenAlone(long interval, int sums)
        {
            var calls = 0;
            using (Interrupt.Check(() => calls++, interval))
            {
                for (var i = 0; i < sums; i++)
                {
                    _sum(Iterations);
                }
            }

            return calls;
        }

        // Two flows, each with a scope of its own, captured on this thread and then run by turns on it: every switch
        // from one to the other must charge the code run so far to the flow that ran it.
        var calls = new long[2];
        var flows = new ExecutionContext[2];
        var scopes = new IDisposable[2];
        for (var f = 0; f < flows.Length; f++)
        {
            var index = f;
            ExecutionContext.Run(ExecutionContext.Capture()!, _ =>
            {
                scopes[index] = Interrupt.Check(() => calls[index]++, index == 0 ? 1000 : 7000);
                flows[index] = ExecutionContext.Capture()!;
            }, null);
        }

        for (var turn = 0; turn < 10; turn++)
        {
            ExecutionContext.Run(flows[turn % 2], _ => _sum(Iterations), null);
        }

        Assert.Equal(CallsWhenAlone(1000, 5), calls[0]);
        Assert.Equal(CallsWhenAlone(7000, 5), calls[1]);
        for (var f = 0; f < flows.Length; f++)
        {
            ExecutionContext.Run(flows[f], _ => scopes[f].Dispose(), null);
        }
    }

    /// <summary>How many times a callback every <paramref name="interval"/> instructions runs during one Sum.</summary>
    private int CallbacksDuringSum(long interval)
    {
        var calls = 0;
        using (Interrupt.Check(() => calls++, interval))
        {
            _sum(Iterations);
        }

        return calls;
    }
}
