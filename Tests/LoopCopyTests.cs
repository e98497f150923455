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
}
