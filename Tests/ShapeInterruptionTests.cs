using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Interrupts;
using Tests.Infrastructure;

namespace Tests;

/// <summary>A throwing callback stops every shape that can loop or recurse without end, with exactly the callback's
/// exception, and the shape unwinds normally.</summary>
[Collection(WovenCollection.Name)]
public sealed class ShapeInterruptionTests(WovenAssembly woven, WovenFSharpAssembly fsharp, HandBuiltAssembly handBuilt)
{
    private const long Interval = 100_000;

    // Recursive shapes go deeper than a default stack allows before a whole interval is charged.
    private const int StackSize = 64 * 1024 * 1024;

    private readonly OperationCanceledException _stop = new("stopped by the test");

    [Theory]
    [MemberData(nameof(ShapeCatalog.Endless), MemberType = typeof(ShapeCatalog))]
    public void EndlessShapeIsStoppedByTheCallbacksException(string input, string shape)
    {
        StopsAfterRunningAWhile(ShapeCatalog.Forever(Input(input).Woven, shape));
    }

    [Fact]
    public void EndlessLoopInALockStatementIsStoppedAndTheMonitorIsReleased()
    {
        var forever = woven.Method<Action<object, StrongBox<long>>>("CompilerShapes.LockStatement", "ForeverHoldingMonitor");
        var gate = new object();

        StopsAfterRunningAWhile(progress => forever(gate, progress));

        Assert.True(Monitor.TryEnter(gate, TimeSpan.FromSeconds(5)), "the stopped thread still holds the monitor");
        Monitor.Exit(gate);
    }

    [Fact]
    public void EndlessLoopInALockStatementOverALockIsStoppedAndTheLockIsReleased()
    {
        var forever = woven.Method<Action<Lock, StrongBox<long>>>("CompilerShapes.LockStatement", "ForeverHoldingLock");
        var gate = new Lock();

        StopsAfterRunningAWhile(progress => forever(gate, progress));

        Assert.True(gate.TryEnter(TimeSpan.FromSeconds(5)), "the stopped thread still holds the lock");
        gate.Exit();
    }

    [Fact]
    public void EndlessLoopInAUsingStatementIsStoppedAndTheResourceIsDisposed()
    {
        var forever = woven.Method<Action<IDisposable, StrongBox<long>>>("CompilerShapes.UsingStatement", "ForeverUsing");
        var resource = new CountingDisposable();

        StopsAfterRunningAWhile(progress => forever(resource, progress));

        Assert.Equal(1, resource.Disposals);
    }

    [Fact]
    public void EndlessAsyncVoidMethodIsStoppedAndItsExceptionGoesToItsSynchronizationContext()
    {
        var forever = woven.Method<Action<StrongBox<long>>>("CompilerShapes.AsyncVoidMethod", "FireAndForgetForever");
        var context = new ExceptionRecordingContext();
        var progress = new StrongBox<long>();
        Exception? recorded = null;

        // The scope stays open until the exception arrives: the method goes on, on other threads, after it returned.
        var thrown = TestThread.Run(() =>
        {
            SynchronizationContext.SetSynchronizationContext(context);
            using (Interrupt.Check(() => throw _stop, Interval))
            {
                forever(progress);
                recorded = context.WaitForException(TimeSpan.FromSeconds(30));
            }
        });

        Assert.Null(thrown);
        Assert.Same(_stop, recorded);
        Assert.InRange(progress.Value, 1_000, Interval);
    }

    [Fact]
    public void MethodResumedAfterTheMethodItAwaitsWasStoppedTakesTheInterruptIntoItsTask()
    {
        // A deadline throws at every checkpoint once it has passed, the awaiting method's first one included: thrown
        // there, outside the try around the method's body, it would end the process from a thread-pool thread.
        var forever = woven.Method<Action<StrongBox<long>>>("CompilerShapes.AwaitOfAStoppedMethod", "Forever");
        var progress = new StrongBox<long>();

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Deadline(TimeSpan.FromMilliseconds(100)))
            {
                forever(progress);
            }
        });

        Assert.IsType<DeadlineExceededException>(thrown);
        Assert.True(progress.Value > 0);
    }

    /// <summary>Runs <paramref name="endless"/> in a scope whose callback throws, and checks that exactly what the
    /// callback threw came out, after a while: each iteration is charged at least one instruction and at most a
    /// hundred.</summary>
    private void StopsAfterRunningAWhile(Action<StrongBox<long>> endless)
    {
        var progress = new StrongBox<long>();

        Assert.Same(_stop, TestThread.RunInterrupted(() => endless(progress), _stop, Interval, StackSize));
        Assert.InRange(progress.Value, 1_000, Interval);
    }

    private WovenInput Input(string name) => new WovenInput[] { woven, fsharp, handBuilt }.Single(i => i.Name == name);

    private sealed class CountingDisposable : IDisposable
    {
        public int Disposals { get; private set; }

        public void Dispose() => Disposals++;
    }
}
