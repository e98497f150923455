using System;
using Interrupts;
using Tests.Infrastructure;

namespace Tests;

/// <summary>Small loops run in a copy that counts from a lease (see LoopCopier) while checkpoints are armed.</summary>
[Collection(WovenCollection.Name)]
public sealed class LoopCopyTests(WovenAssembly woven)
{
    private readonly Func<long, long> _sum = woven.Method<Func<long, long>>("Loops", "Sum");
    private readonly Func<long, long> _sumAfterACall = woven.Method<Func<long, long>>("Loops", "SumAfterACall");

    [Theory]
    [InlineData("Sum")]
    [InlineData("SumAfterACall")]
    public void ALoopsCopyGivesBackWhatItDidNotUseOfItsLeaseWhenItEnds(string method)
    {
        // Each call runs a few dozen instructions, but its loop's copy leases up to the interval (1000), at the
        // method's entry (Sum) or as the loop starts: a lease not given back would spend the budget within 200 calls.
        var sum = woven.Method<Func<long, long>>("Loops", method);
        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Budget(200_000))
            {
                for (var call = 0; call < 1000; call++)
                {
                    Assert.Equal(1, sum(2));
                }
            }
        });

        Assert.Null(thrown);
    }

    [Fact]
    public void AnEntryThatTakesItsLoopsLeaseChargesWhatTheEntryAndTheLoopWouldHaveCharged()
    {
        // SumAfterACall is Sum with one IL instruction more before its loop, which keeps its entry from taking the
        // loop's lease: the smallest budget each fits in differs by that instruction, call after call.
        long sum = 0, sumAfterACall = 0, hundredSums = 0;
        var thrown = TestThread.Run(() =>
        {
            sum = SmallestBudgetFor(() => _sum(50));
            sumAfterACall = SmallestBudgetFor(() => _sumAfterACall(50));
            hundredSums = SmallestBudgetFor(() =>
            {
                for (var call = 0; call < 100; call++)
                {
                    _sum(50);
                }
            });
        });

        Assert.Null(thrown);
        Assert.Equal(sum + 1, sumAfterACall);
        Assert.Equal(100 * sum, hundredSums);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 3)]
    [InlineData(4, 5)]
    public void ACopiedNestIsChargedEveryInstructionItRunsWhereEachHasACheckpoint(int rows, int columns)
    {
        // At Interval 1 each instruction has a checkpoint that charges it alone, so the smallest budget CountCells
        // fits in is the IL instructions it runs: 4 to set its counters and 2 to return; per row 2 to set the column,
        // 1 to jump to the inner loop's condition, 3 per test of the condition (columns + 1), 8 per cell, 4 to count
        // the row and 3 to test it. In the copy the jump's checkpoint and the condition's fall before one instruction.
        var countCells = woven.DenselyWovenMethod<Func<int, int, int>>("Loops", "CountCells");
        long smallest = 0;
        var thrown = TestThread.Run(() => smallest = SmallestBudgetFor(() => countCells(rows, columns)));

        Assert.Null(thrown);
        Assert.Equal(6 + rows * (2 + 1 + 3 * (columns + 1) + 8 * columns + 4 + 3), smallest);
    }

    [Fact]
    public void EnterLeasingLeasesNothingWhileNoScopeIsOpen()
    {
        Assert.False(Checkpoint.IsArmed, "a scope is open somewhere");
        Assert.Equal(-1, Checkpoint.EnterLeasing(10, 1000));
    }

    [Fact]
    public void EnterLeasingChargesTheEntryThenLeasesUpToTheMost()
    {
        int lease = 0, overdrawn = 0;
        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Budget(1_000))
            {
                lease = Checkpoint.EnterLeasing(10, 100);
                overdrawn = Checkpoint.EnterLeasing(10, 5_000);
                Checkpoint.EnterLeasing(1, 1);
            }
        });

        // 10 + 100 + 10 leave 880 to lease; the last entry's charge finds nothing left.
        Assert.Equal(100, lease);
        Assert.Equal(880, overdrawn);
        Assert.IsType<InstructionBudgetExceededException>(thrown);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void EnterLeasingRejectsLessThanOneInstruction(int most)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Checkpoint.EnterLeasing(1, most));
        Assert.Equal("most", exception.ParamName);
    }

    // The smallest budget that run fits in, by bisection: checkpoints charge in advance, so run fits in a budget
    // exactly when they charge it no more than that.
    private static long SmallestBudgetFor(Action run)
    {
        bool Fits(long budget)
        {
            try
            {
                using (Interrupt.Budget(budget))
                {
                    run();
                }

                return true;
            }
            catch (InstructionBudgetExceededException)
            {
                return false;
            }
        }

        long fails = 0, fits = 1 << 24;
        Assert.True(Fits(fits), "the code does not fit the largest budget tried");
        while (fits - fails > 1)
        {
            var middle = (fits + fails) / 2;
            if (Fits(middle))
            {
                fits = middle;
            }
            else
            {
                fails = middle;
            }
        }

        return fits;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void LeaseRejectsLessThanOneInstruction(int most)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Checkpoint.Lease(most));
        Assert.Equal("most", exception.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void RenewRejectsALeaseThatIsNotSpent(int lease)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Checkpoint.Renew(lease, 1000));
        Assert.Equal("lease", exception.ParamName);
    }

    [Fact]
    public void RenewRejectsLessThanOneInstruction()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Checkpoint.Renew(-1, 0));
        Assert.Equal("most", exception.ParamName);
    }
}
