using System;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Interrupts;
using Tests.Infrastructure;

namespace Tests;

/// <summary>The ready-made sources: an interrupt buffer, a cancellation token, a deadline and an instruction budget.</summary>
[Collection(WovenCollection.Name)]
public sealed class InterruptSourceTests(WovenAssembly woven)
{
    private readonly Action _spinForever = woven.Method<Action>("Loops", "SpinForever");
    private readonly Action<StrongBox<long>> _countForever = woven.Method<Action<StrongBox<long>>>("Loops", "CountForever");
    private readonly Action<StrongBox<long>, StrongBox<long>> _swallowEverythingForever =
        woven.Method<Action<StrongBox<long>, StrongBox<long>>>("Loops", "SwallowEverythingForever");

    [Fact]
    public void SignalTwoRaisedFromAnotherThreadThrowsKeyboardInterrupt()
    {
        var buffer = new InterruptBuffer();

        var thrown = RunWhileAnotherThreadWaits(() => Interrupt.Check(buffer), _spinForever, () => buffer.Raise());

        var keyboardInterrupt = Assert.IsType<KeyboardInterruptException>(thrown);
        Assert.Equal(2, keyboardInterrupt.Signal);
        Assert.IsAssignableFrom<OperationCanceledException>(keyboardInterrupt);
        Assert.Equal(0, buffer.PendingSignal);
    }

    [Fact]
    public void OtherSignalsThrowInterruptedExceptionCarryingTheSignal()
    {
        var buffer = new InterruptBuffer();

        var thrown = RunWhileAnotherThreadWaits(() => Interrupt.Check(buffer), _spinForever, () => buffer.Raise(15));

        Assert.Equal(15, Assert.IsType<InterruptedException>(thrown).Signal);
    }

    [Fact]
    public void HandlerInstalledForASignalRunsInsteadOfTheDefault()
    {
        var buffer = new InterruptBuffer();
        var handled = new StrongBox<int>();
        var stop = new InvalidOperationException("handled");
        buffer.SetHandler(10, signal => handled.Value = signal);
        buffer.SetHandler(InterruptBuffer.KeyboardInterrupt, _ => throw stop);

        var thrown = RunWhileAnotherThreadWaits(
            () => Interrupt.Check(buffer),
            _spinForever,
            () =>
            {
                buffer.Raise(10);
                SpinWait.SpinUntil(() => handled.Value == 10);
                buffer.Raise();
            });

        Assert.Same(stop, thrown);
    }

    [Fact]
    public void EverySignalIsDeliveredExactlyOnceAcrossListeners()
    {
        var buffer = new InterruptBuffer();
        var received = 0;
        var raised = 0;
        var done = false;

        // A scope per run: a signal stops its scope's code for good.
        void Listen()
        {
            while (!Volatile.Read(ref done))
            {
                var thrown = Record.Exception(() =>
                {
                    using (Interrupt.Check(buffer))
                    {
                        _countForever(new StrongBox<long>());
                    }
                });
                if (thrown is KeyboardInterruptException)
                {
                    Interlocked.Increment(ref received);
                }
            }
        }

        var listeners = new[] { new Thread(Listen), new Thread(Listen) };
        Array.ForEach(listeners, l => l.Start());
        var clock = Stopwatch.StartNew();
        while (listeners.Any(l => l.IsAlive) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            // Raised only once the last one was taken, so no signal replaces another; past 200, listeners stop after
            // their next signal, and one raised when both had stopped is withdrawn below, uncounted.
            if (buffer.PendingSignal == 0)
            {
                Volatile.Write(ref done, raised >= 200);
                buffer.Raise();
                raised++;
            }
        }

        Assert.All(listeners, l => Assert.False(l.IsAlive));
        if (buffer.PendingSignal != 0)
        {
            buffer.Clear();
            raised--;
        }

        Assert.True(received >= 200, $"only {received} signals were delivered");
        Assert.Equal(raised, received);
    }

    [Fact]
    public void ClearWithdrawsAPendingSignal()
    {
        var buffer = new InterruptBuffer();
        var sum = woven.Method<Func<long, long>>("Loops", "Sum");
        buffer.Raise();

        buffer.Clear();

        using (Interrupt.Check(buffer))
        {
            Assert.Equal(AssemblyToProcess.Loops.Sum(100_000), sum(100_000));
        }
    }

    [Fact]
    public void CtrlCRaisesKeyboardInterruptUnlessOneIsStillPending()
    {
        var buffer = new InterruptBuffer();

        Assert.True(buffer.RaiseUnlessPending(InterruptBuffer.KeyboardInterrupt));
        Assert.False(buffer.RaiseUnlessPending(InterruptBuffer.KeyboardInterrupt));
        Assert.Equal(InterruptBuffer.KeyboardInterrupt, buffer.PendingSignal);
        buffer.Clear();
        Assert.True(buffer.RaiseUnlessPending(InterruptBuffer.KeyboardInterrupt));
        buffer.Clear();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    [InlineData(-2)]
    public void RaiseRejectsASignalOutsideOneToSixtyFour(int signal)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new InterruptBuffer().Raise(signal));
        Assert.Equal("signal", exception.ParamName);
    }

    [Fact]
    public void CancelledTokenThrowsOperationCanceledExceptionForThatToken()
    {
        using var source = new CancellationTokenSource();

        var thrown = RunWhileAnotherThreadWaits(() => Interrupt.Check(source.Token), _spinForever, source.Cancel);

        Assert.Equal(source.Token, Assert.IsType<OperationCanceledException>(thrown).CancellationToken);
    }

    [Fact]
    public void TokenCancelledBeforeTheScopeStopsTheCodeAtItsFirstCheckpoint()
    {
        var progress = new StrongBox<long>();

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Check(new CancellationToken(canceled: true)))
            {
                _countForever(progress);
            }
        });

        Assert.IsType<OperationCanceledException>(thrown);
        Assert.Equal(0, progress.Value);
    }

    [Fact]
    public void DeadlineThrowsOnceTheTimeHasPassed()
    {
        var timeout = TimeSpan.FromMilliseconds(100);
        var clock = Stopwatch.StartNew();

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Deadline(timeout))
            {
                _spinForever();
            }
        });

        // System.Threading.Timer counts whole milliseconds of a coarser clock than Stopwatch's, and was seen firing
        // 0.3 ms before the Stopwatch reached the timeout: it is on time to within that millisecond.
        Assert.Equal(timeout, Assert.IsType<DeadlineExceededException>(thrown).Timeout);
        Assert.True(clock.Elapsed >= timeout - TimeSpan.FromMilliseconds(1), $"stopped after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void DeadlineRejectsATimeoutThatIsNotPositive(int milliseconds)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Interrupt.Deadline(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Equal("timeout", exception.ParamName);
    }

    [Fact]
    public void BudgetStopsTheCodeAtTheSamePointOnEveryRun()
    {
        long IterationsWithinBudget()
        {
            var progress = new StrongBox<long>();
            var thrown = TestThread.Run(() =>
            {
                using (Interrupt.Budget(1_000_000))
                {
                    _countForever(progress);
                }
            });
            Assert.Equal(1_000_000, Assert.IsType<InstructionBudgetExceededException>(thrown).Budget);
            return progress.Value;
        }

        var first = IterationsWithinBudget();

        Assert.InRange(first, 10_000, 1_000_000);
        Assert.Equal(first, IterationsWithinBudget());
        Assert.Equal(first, IterationsWithinBudget());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    public void BudgetRejectsLessThanOneInstruction(long instructions)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Interrupt.Budget(instructions));
        Assert.Equal("instructions", exception.ParamName);
    }

    [Fact]
    public void CancelledTokenCannotBeSwallowedByACatchAll()
    {
        using var source = new CancellationTokenSource();

        Assert.IsType<OperationCanceledException>(RunCodeThatSwallowsEverything(() => Interrupt.Check(source.Token), source.Cancel));
    }

    [Fact]
    public void KeyboardInterruptCannotBeSwallowedByACatchAll()
    {
        var buffer = new InterruptBuffer();

        Assert.IsType<KeyboardInterruptException>(RunCodeThatSwallowsEverything(() => Interrupt.Check(buffer), () => buffer.Raise()));
    }

    [Fact]
    public void DeadlineCannotBeSwallowedByACatchAll()
    {
        Assert.IsType<DeadlineExceededException>(RunCodeThatSwallowsEverything(() => Interrupt.Deadline(TimeSpan.FromMilliseconds(50))));
    }

    [Fact]
    public void BudgetCannotBeSwallowedByACatchAll()
    {
        Assert.IsType<InstructionBudgetExceededException>(RunCodeThatSwallowsEverything(() => Interrupt.Budget(1_000_000)));
    }

    /// <summary>
    /// Runs code that catches every exception and starts again inside the scope <paramref name="open"/> opens, calls
    /// <paramref name="stop"/> (if any) from another thread once it is running, checks that it swallowed the first
    /// exception and no other, and returns what came out of it.
    /// </summary>
    private Exception? RunCodeThatSwallowsEverything(Func<IDisposable> open, Action? stop = null)
    {
        var attempts = new StrongBox<long>();
        var swallowed = new StrongBox<long>();

        var thrown = RunWhileAnotherThreadWaits(
            open,
            () => _swallowEverythingForever(attempts, swallowed),
            () =>
            {
                SpinWait.SpinUntil(() => Volatile.Read(ref attempts.Value) > 0, TimeSpan.FromSeconds(30));
                stop?.Invoke();
            });

        Assert.Equal(1, swallowed.Value);
        return thrown;
    }

    /// <summary>
    /// Runs <paramref name="endless"/> inside the scope <paramref name="open"/> opens, and calls <paramref name="stop"/>
    /// from another thread once the code is running; returns what the code threw.
    /// </summary>
    private static Exception? RunWhileAnotherThreadWaits(Func<IDisposable> open, Action endless, Action stop)
    {
        using var running = new ManualResetEventSlim();
        var stopper = new Thread(() =>
        {
            running.Wait();
            stop();
        });
        stopper.Start();

        var thrown = TestThread.Run(() =>
        {
            using (open())
            {
                running.Set();
                endless();
            }
        });
        stopper.Join();
        return thrown;
    }
}
