using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Interrupts;
using Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tests;

/// <summary>
/// <see cref="Interrupt.LimitAllocation"/>: woven code that allocates more than its limit stops with a catchable
/// exception, soon after the limit, before the machine runs out of memory.
/// </summary>
[Collection(WovenCollection.Name)]
public sealed class AllocationLimitTests(WovenAssembly woven, ITestOutputHelper output)
{
    private const long Megabyte = 1024 * 1024;

    [Fact]
    public void ListThatGrowsForEverStopsOnceItHasAllocatedTheLimit()
    {
        var growList = woven.Method<Action<StrongBox<long>>>("Allocation", "GrowList");
        var count = new StrongBox<long>();

        var (thrown, allocated) = Allocate(() => growList(count), 200 * Megabyte);
        output.WriteLine($"Stopped at {count.Value:N0} items, {allocated / Megabyte:N0} MB allocated: {thrown?.Message}");

        var exception = Assert.IsType<AllocationLimitExceededException>(thrown);
        Assert.Equal(200 * Megabyte, exception.Limit);

        // The list doubles inside List<T>, where no checkpoint runs: the last doubling, of 128 MB, takes it past 200 MB.
        Assert.InRange(allocated, 200 * Megabyte, 400 * Megabyte);
    }

    [Fact]
    public void SmallArraysThatWovenCodeKeepsStopWithinAFewMegabytesOfTheLimit()
    {
        var retainArrays = woven.Method<Action<StrongBox<long>>>("Allocation", "RetainArrays");
        var count = new StrongBox<long>();

        var (thrown, allocated) = Allocate(() => retainArrays(count), 100 * Megabyte);
        output.WriteLine($"Stopped at {count.Value:N0} arrays, {allocated / Megabyte:N0} MB allocated");

        Assert.IsType<AllocationLimitExceededException>(thrown);
        Assert.InRange(allocated, 100 * Megabyte, 150 * Megabyte);
    }

    [Fact]
    public void GarbageArraysCountAsTheyAreAllocatedAndStopTheCodeWithinAHundredKilobytesOfTheLimit()
    {
        var churn = woven.Method<Action<int>>("Allocation", "Churn");

        var (thrown, allocated) = Allocate(() => churn(1000), 50 * Megabyte);

        // Arrays of a length not known to the weaver are added up as they are allocated, and checked every 85,000 bytes.
        Assert.IsType<AllocationLimitExceededException>(thrown);
        Assert.InRange(allocated, 50 * Megabyte, 50 * Megabyte + 100_000);
    }

    [Fact]
    public void HugeArrayIsRefusedBeforeItIsAllocated()
    {
        var newArray = woven.Method<Func<int, long[]>>("Allocation", "NewArray");

        // 8 GB: more than a test may take, were it allocated.
        var (thrown, allocated) = Allocate(() => newArray(1_000_000_000), 100 * Megabyte);

        Assert.IsType<AllocationLimitExceededException>(thrown);
        Assert.InRange(allocated, 0, Megabyte);
    }

    [Fact]
    public void ArrayWithinTheLimitIsAllocated()
    {
        var newArray = woven.Method<Func<int, long[]>>("Allocation", "NewArray");
        long[]? array = null;

        var (thrown, _) = Allocate(() => array = newArray(1_000_000), 100 * Megabyte);

        Assert.Null(thrown);
        Assert.Equal(1_000_000, array!.Length);
    }

    [Fact]
    public void LimitCountsWhatTheFlowAllocatesOnEveryThreadItRunsOn()
    {
        var growList = woven.Method<Func<StrongBox<long>, Task>>("Allocation", "GrowListAcrossAwaits");
        var count = new StrongBox<long>();

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.LimitAllocation(100 * Megabyte))
            {
                growList(count).GetAwaiter().GetResult();
            }
        });
        output.WriteLine($"Stopped at {count.Value:N0} items: {thrown?.Message}");

        Assert.IsType<AllocationLimitExceededException>(thrown);
    }

    [Fact]
    public void WhatOtherThreadsAllocateDoesNotCount()
    {
        var churn = woven.Method<Action<int>>("Allocation", "Churn");
        var newArray = woven.Method<Func<int, long[]>>("Allocation", "NewArray");
        using var limitOpen = new ManualResetEventSlim();
        using var othersDone = new ManualResetEventSlim();
        Exception? limited = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (Interrupt.LimitAllocation(50 * Megabyte))
                {
                    limitOpen.Set();
                    othersDone.Wait();
                    newArray(1_000_000);
                }
            }
            catch (Exception exception)
            {
                limited = exception;
            }
        });
        thread.Start();
        limitOpen.Wait();

        var churned = TestThread.Run(() =>
        {
            using (Interrupt.Deadline(TimeSpan.FromMilliseconds(300)))
            {
                churn(10_000);
            }
        });
        othersDone.Set();
        thread.Join();

        Assert.IsType<DeadlineExceededException>(churned);
        Assert.Null(limited);
    }

    [Fact]
    public void AllocationInAFinallyBlockGoesOnAndTheLimitStopsTheCodeAfterIt()
    {
        var allocateInFinally = woven.Method<Action<int, StrongBox<bool>>>("Allocation", "AllocateInFinallyThenSpin");
        var finallyEnded = new StrongBox<bool>();

        var (thrown, allocated) = Allocate(() => allocateInFinally(200, finallyEnded), 50 * Megabyte);

        Assert.IsType<AllocationLimitExceededException>(thrown);
        Assert.True(finallyEnded.Value);
        Assert.True(allocated >= 200 * Megabyte, $"{allocated / Megabyte} MB allocated");
    }

    [Fact]
    public void InnerLimitStopsTheCodeWithItsOwnLimit()
    {
        var churn = woven.Method<Action<int>>("Allocation", "Churn");

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.LimitAllocation(1024 * Megabyte))
            using (Interrupt.LimitAllocation(20 * Megabyte))
            {
                churn(1000);
            }
        });

        Assert.Equal(20 * Megabyte, Assert.IsType<AllocationLimitExceededException>(thrown).Limit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void LimitRejectsLessThanOneByte(long maxBytes)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Interrupt.LimitAllocation(maxBytes));

        Assert.Equal("maxBytes", exception.ParamName);
    }

    /// <summary>Runs <paramref name="allocate"/> in a limit of <paramref name="limit"/> on a thread of its own: what it threw, and the bytes the thread allocated.</summary>
    private static (Exception? Thrown, long Allocated) Allocate(Action allocate, long limit)
    {
        long allocated = 0;
        var thrown = TestThread.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using (Interrupt.LimitAllocation(limit))
                {
                    allocate();
                }
            }
            finally
            {
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        });
        return (thrown, allocated);
    }
}
