using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Interrupts;
using Tests.Infrastructure;

namespace Tests;

/// <summary>A throwing callback stops woven code that would otherwise never end, and the code unwinds normally.</summary>
[Collection(WovenCollection.Name)]
public sealed class InterruptionTests(WovenAssembly woven)
{
    private readonly OperationCanceledException _stop = new("stopped by the test");

    [Fact]
    public void WhileTrueWithoutCallsIsStoppedByTheCallbacksException()
    {
        var spinForever = woven.Method<Action>("Loops", "SpinForever");

        StopsWithTheCallbacksException(spinForever, interval: 1000);
    }

    [Theory]
    [InlineData("CountForever")]
    [InlineData("GotoForever")]
    [InlineData("SwitchForever")]
    public void EndlessLoopIsStoppedAfterRunningAWhile(string method)
    {
        var loop = woven.Method<Action<StrongBox<long>>>("Loops", method);
        var progress = new StrongBox<long>();

        StopsWithTheCallbacksException(() => loop(progress), interval: 100_000);

        Assert.InRange(progress.Value, 1_000, 100_000);
    }

    [Fact]
    public void EndlessForeachIsStopped()
    {
        var loop = woven.Method<Action<int[], StrongBox<long>>>("Loops", "ForeachForever");
        var progress = new StrongBox<long>();

        StopsWithTheCallbacksException(() => loop([1, 2, 3], progress), interval: 100_000);

        Assert.True(progress.Value > 0);
    }

    [Fact]
    public void DeepRecursionIsStoppedAndEveryFramesFinallyRuns()
    {
        var descend = woven.Method<Func<StrongBox<int>, StrongBox<int>, int>>("Recursion", "Descend");
        var entered = new StrongBox<int>();
        var unwound = new StrongBox<int>();

        StopsWithTheCallbacksException(() => descend(entered, unwound), interval: 500_000, maxStackSize: 256 * 1024 * 1024);

        Assert.True(entered.Value > 10_000, $"only {entered.Value} frames deep");
        Assert.Equal(entered.Value, unwound.Value);
    }

    [Fact]
    public void LoopInTryCatchFinallyIsStoppedAndItsFinallyRuns()
    {
        var spinInTry = woven.Method<Action<StrongBox<int>>>("Loops", "SpinInTry");
        var finallyRuns = new StrongBox<int>();

        StopsWithTheCallbacksException(() => spinInTry(finallyRuns), interval: 1000);

        Assert.Equal(1, finallyRuns.Value);
    }

    [Fact]
    public void CaughtCallbackExceptionThatIsNotAStopLeavesTheScopeRunningOnSchedule()
    {
        var countForever = woven.Method<Action<StrongBox<long>>>("Loops", "CountForever");

        // Not an OperationCanceledException, so not a stop: the scope stays open and the callback runs on schedule.
        var notAStop = new InvalidOperationException("not a stop");

        long[] IterationsBeforeEachOfFiveInterrupts()
        {
            var iterations = new long[5];
            TestThread.Run(() =>
            {
                using (Interrupt.Check(() => throw notAStop, 1000))
                {
                    for (var attempt = 0; attempt < iterations.Length; attempt++)
                    {
                        var progress = new StrongBox<long>();
                        Assert.Same(notAStop, Record.Exception(() => countForever(progress)));
                        iterations[attempt] = progress.Value;
                    }
                }
            });
            return iterations;
        }

        var first = IterationsBeforeEachOfFiveInterrupts();
        var second = IterationsBeforeEachOfFiveInterrupts();

        Assert.All(first, n => Assert.True(n > 10, $"interrupted after {n} iterations"));
        Assert.InRange(first.Max() - first.Min(), 0, 1);
        Assert.Equal(first, second);
    }

    /// <summary>Runs <paramref name="endless"/> in a scope whose callback throws, and checks that exactly what the
    /// callback threw came out.</summary>
    private void StopsWithTheCallbacksException(Action endless, long interval, int maxStackSize = 0) =>
        Assert.Same(_stop, TestThread.RunInterrupted(endless, _stop, interval, maxStackSize));
}
