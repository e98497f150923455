using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Interrupts;
using Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tests;

/// <summary>
/// <see cref="Interrupt.GuardStack"/>: endless recursion in woven code ends with a catchable exception well before the
/// stack runs out, the frames unwind normally, and the process goes on.
/// </summary>
[Collection(WovenCollection.Name)]
public sealed class StackGuardTests(WovenAssembly woven, ITestOutputHelper output)
{
    private const int SmallStack = 256 * 1024;

    private const int GuardBytes = 64 * 1024;

    private readonly Func<StrongBox<int>, StrongBox<int>, int> _descend = woven.Method<Func<StrongBox<int>, StrongBox<int>, int>>("Recursion", "Descend");

    [Fact]
    public void EndlessRecursionInAGuardEndsWithInsufficientExecutionStackAndEveryFinallyRuns()
    {
        var (thrown, entered, unwound) = Descend(_descend, () => Interrupt.GuardStack());
        output.WriteLine($"A guard of 1 MB stopped the recursion after {entered:N0} frames: {thrown?.Message}");

        Assert.IsType<InsufficientExecutionStackException>(thrown);
        Assert.True(entered > 1000, $"stopped after {entered} frames");
        Assert.Equal(entered, unwound);
    }

    [Fact]
    public void GuardStopsRecursionThroughAMethodWhoseEntryTakesItsLoopsLease()
    {
        var descendAfterALoop = woven.Method<Func<StrongBox<int>, StrongBox<int>, int>>("Recursion", "DescendAfterALoop");

        var (thrown, entered, unwound) = Descend(descendAfterALoop, () => Interrupt.GuardStack());

        Assert.IsType<InsufficientExecutionStackException>(thrown);
        Assert.True(entered > 1000, $"stopped after {entered} frames");
        Assert.Equal(entered, unwound);
    }

    [Fact]
    public void GuardStopsRecursionOnAThreadWhoseStackIsSmallerThanTheGuardAllows()
    {
        var (thrown, entered, unwound) = Descend(_descend, () => Interrupt.GuardStack(), SmallStack);
        output.WriteLine($"On a thread of 256 KB, the guard stopped the recursion after {entered:N0} frames: {thrown?.Message}");

        Assert.IsType<InsufficientExecutionStackException>(thrown);
        Assert.True(entered > 100, $"stopped after {entered} frames");
        Assert.Equal(entered, unwound);
    }

    [Fact]
    public void SmallerGuardStopsRecursionSooner()
    {
        var (_, deep, _) = Descend(_descend, () => Interrupt.GuardStack(512 * 1024));
        var (_, shallow, _) = Descend(_descend, () => Interrupt.GuardStack(128 * 1024));

        Assert.InRange(shallow, deep / 8, deep / 2);
    }

    [Fact]
    public void RecursionStoppedByTheGuardRunsAgainToTheSameDepth()
    {
        var depths = new int[2];

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.GuardStack())
            {
                for (var run = 0; run < depths.Length; run++)
                {
                    var entered = new StrongBox<int>();
                    Assert.Throws<InsufficientExecutionStackException>(() => _descend(entered, new StrongBox<int>()));
                    depths[run] = entered.Value;
                }
            }
        });

        Assert.Null(thrown);
        Assert.Equal(depths[0], depths[1]);
    }

    [Fact]
    public void GuardFollowsTheFlowAcrossAwait()
    {
        var descendAfterAwait = woven.Method<Func<StrongBox<int>, StrongBox<int>, Task<int>>>("Recursion", "DescendAfterAwait");

        var (thrown, entered, unwound) = Descend((e, u) => descendAfterAwait(e, u).GetAwaiter().GetResult(), () => Interrupt.GuardStack());

        Assert.IsType<InsufficientExecutionStackException>(thrown);
        Assert.True(entered > 1000, $"stopped after {entered} frames");
        Assert.Equal(entered, unwound);
    }

    [Fact]
    public void RecursionInAFinallyBlockIsCutOnlyWhereTheThreadsStackIsNearlySpentAndTheProcessGoesOn()
    {
        var descendInFinally = woven.Method<Func<StrongBox<int>, StrongBox<int>, int>>("Recursion", "DescendInFinally");
        var (_, guardedDepth, _) = Descend(_descend, () => Interrupt.GuardStack(), 4 * SmallStack);

        var (thrown, entered, unwound) = Descend(descendInFinally, () => Interrupt.GuardStack(64 * 1024), 4 * SmallStack);
        output.WriteLine($"Held in a finally block, a guard of 64 KB let the recursion go {entered:N0} frames deep, a guard of 1 MB {guardedDepth:N0} outside one: {thrown?.Message}");

        // Held, the recursion goes past the guard's 64 KB, to .NET's reserve at the end of the 1 MB stack.
        Assert.IsType<InsufficientExecutionStackException>(thrown);
        Assert.True(entered > guardedDepth / 2, $"stopped after {entered} frames, a guard of 1 MB after {guardedDepth}");
        Assert.Equal(entered - 1, unwound);
    }

    [Fact]
    public void GuardOnAnotherThreadDoesNotLimitThisOne()
    {
        var isEven = woven.Method<Func<int, bool>>("Recursion", "IsEven");
        using var guardOpen = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        var guarded = new Thread(() =>
        {
            using (Interrupt.GuardStack(64 * 1024))
            {
                guardOpen.Set();
                done.Wait();
            }
        });
        guarded.Start();
        guardOpen.Wait();

        var result = false;
        var thrown = TestThread.Run(() => result = isEven(20_000));
        done.Set();
        guarded.Join();

        Assert.Null(thrown);
        Assert.True(result);
    }

    [Fact]
    public void AnEntryTheGuardRefusesTakesNoLease()
    {
        long before = 0, after = 0;
        Exception? refused = null;
        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Budget(1_000_000))
            using (Interrupt.GuardStack(GuardBytes))
            {
                before = Checkpoint.Allowance;
                refused = Record.Exception(EnterLeasingBelowTheGuard);
                after = Checkpoint.Allowance;
            }
        });

        Assert.Null(thrown);
        Assert.IsType<InsufficientExecutionStackException>(refused);
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65_535)]
    public void GuardRejectsLessThan64KiB(int maxStackBytes)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Interrupt.GuardStack(maxStackBytes));

        Assert.Equal("maxStackBytes", exception.ParamName);
    }

    // What woven code calls as a method that starts with a copied loop is entered, from deeper in the stack than a
    // guard of GuardBytes allows.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EnterLeasingBelowTheGuard()
    {
        Span<byte> frame = stackalloc byte[GuardBytes + 32 * 1024];
        frame[^1] = 1;
        Checkpoint.EnterLeasing(10, 1000);
    }

    /// <summary>Runs <paramref name="descend"/> in the scope <paramref name="open"/> opens, on a thread of its own.</summary>
    private static (Exception? Thrown, int Entered, int Unwound) Descend(
        Func<StrongBox<int>, StrongBox<int>, int> descend, Func<IDisposable> open, int maxStackSize = 0)
    {
        var entered = new StrongBox<int>();
        var unwound = new StrongBox<int>();
        var thrown = TestThread.Run(
            () =>
            {
                using (open())
                {
                    descend(entered, unwound);
                }
            },
            maxStackSize);
        return (thrown, entered.Value, unwound.Value);
    }
}
