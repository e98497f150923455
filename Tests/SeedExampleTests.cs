using System;
using System.IO;
using System.Linq;
using Interrupts;
using Tests.Infrastructure;

namespace Tests;

[Collection(WovenCollection.Name)]
public sealed class SeedExampleTests(WovenAssembly woven)
{
    [Fact]
    public void SeedExamplePrintsCheckBeforeEveryIterationBecauseEachCostsMoreThanTenInstructions()
    {
        var countToFifty = woven.Method<Action>("SeedExample", "CountToFifty");
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            using (Interrupt.Check(() => Console.WriteLine("check"), 10))
            {
                countToFifty();
            }
        }
        finally
        {
            Console.SetOut(console);
        }

        // The loop's checkpoint runs before each test of its condition and charges in advance for the iteration it
        // guards, more than 10 instructions, so the callback runs once before the first number and after each one.
        var expected = "check" + Environment.NewLine
            + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},check{Environment.NewLine}"));
        Assert.Equal(expected, output.ToString());
    }
}
