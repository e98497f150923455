using System;
using Interrupts;
using Tests.Infrastructure;

namespace Tests;

/// <summary>Small loops run in a copy that counts from a lease (see LoopCopier) while checkpoints are armed.</summary>
[Collection(WovenCollection.Name)]
public sealed class LoopCopyTests(WovenAssembly woven)
{
    private readonly Func<long, long> _sum = woven.Method<Func<long, long>>("Loops", "Sum");

    [Fact]
    public void ALoopsCopyGivesBackWhatItDidNotUseOfItsLeaseWhenItEnds()
    {
        // Each call runs a few dozen instructions, but its loop's copy leases up to the interval (1000) as it starts:
        // a lease not given back would spend the budget within 200 calls.
        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Budget(200_000))
            {
                for (var call = 0; call < 1000; call++)
                {
                    Assert.Equal(1, _sum(2));
                }
            }
        });

        Assert.Null(thrown);
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
