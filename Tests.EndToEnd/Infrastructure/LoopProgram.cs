using System.Text.RegularExpressions;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>
/// A consumer's Program.cs whose loop only an interrupt from woven code can stop early: it runs an instruction budget
/// around three billion iterations. Woven, the budget stops it within a millisecond and it exits with 0; unwoven, the
/// loop runs to its end (a few seconds) and the program says so and exits with 1, so the test fails on its own
/// rather than on a time-out.
/// </summary>
public static partial class LoopProgram
{
    public const long Iterations = 3_000_000_000;

    public static readonly string Source = $$"""
        using Interrupts;

        long i = 0, sum = 0;
        try
        {
            using (Interrupt.Budget(1_000_000))
            {
                for (i = 0; i < {{Iterations}}; i++)
                {
                    sum += i;
                }
            }

            Console.WriteLine($"Nothing stopped the loop: it ran all {i} iterations (sum {sum}).");
            return 1;
        }
        catch (InstructionBudgetExceededException)
        {
            Console.WriteLine($"The budget stopped the loop after {i} iterations.");
            return 0;
        }
        """;

    /// <summary>Fails the test unless the program ran, exited with 0 and reported that the budget stopped its loop
    /// before its last iteration.</summary>
    public static void AssertStoppedEarly(CommandResult run)
    {
        run.Succeeded();
        var stopped = StoppedPattern().Match(run.Output);
        Assert.True(stopped.Success, $"The program did not report a stop:\n{run.Output}");
        Assert.InRange(long.Parse(stopped.Groups[1].Value), 1, Iterations - 1);
    }

    [GeneratedRegex(@"The budget stopped the loop after (\d+) iterations\.")]
    private static partial Regex StoppedPattern();
}
