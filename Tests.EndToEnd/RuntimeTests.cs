using System.IO;
using System.Text.RegularExpressions;
using Tests.EndToEnd.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// Woven code is interrupted on every .NET runtime reachable here besides the installed .NET 10: .NET 8, through a
/// self-contained publish that carries its own runtime, and NativeAOT, where there is no JIT at all.
/// </summary>
[Collection(PackedPackage.Collection)]
public sealed partial class RuntimeTests(PackedPackage package)
{
    /// <summary>
    /// Says which runtime it runs on, then is stopped twice: deterministically by an instruction budget, and by a
    /// signal another thread raises in an <see cref="Interrupts.InterruptBuffer"/> (threads, AsyncLocal, Interlocked).
    /// </summary>
    private const string Program = """
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using System.Threading;
        using Interrupts;

        Console.WriteLine($"Runtime: {RuntimeInformation.FrameworkDescription}, dynamic code {(RuntimeFeature.IsDynamicCodeSupported ? "supported" : "not supported")}");

        long i = 0;
        try
        {
            using (Interrupt.Budget(1_000_000))
            {
                for (i = 0; i < 3_000_000_000; i++)
                {
                }
            }

            Console.WriteLine("Nothing stopped the counted loop.");
            return 1;
        }
        catch (InstructionBudgetExceededException)
        {
            Console.WriteLine($"The budget stopped the counted loop after {i} iterations.");
        }

        var keyboard = new InterruptBuffer();
        new Thread(() => { Thread.Sleep(200); keyboard.Raise(); }).Start();
        long spins = 0;
        try
        {
            using (Interrupt.Check(keyboard))
            {
                while (true)
                {
                    spins++;
                }
            }
        }
        catch (KeyboardInterruptException)
        {
            Console.WriteLine($"KeyboardInterrupt stopped the endless loop after {spins} iterations.");
        }

        return 0;
        """;

    [Fact]
    public void WovenCodeIsInterruptedOnDotNet8PublishedSelfContained()
    {
        var consumer = package.NewConsumer("net8");
        var project = NewConsole(consumer, "OnNet8");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net8.0</TargetFramework>"));

        consumer.Publish("OnNet8", "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", "published").Succeeded();
        var run = consumer.Run(consumer.PathOf(Path.Combine("published", "OnNet8"))).Succeeded();

        Assert.Matches(@"Runtime: \.NET 8\.0\.\d+, dynamic code supported", run.Output);
        AssertStoppedTwice(run.Output);
    }

    [Fact]
    public void WovenCodeIsInterruptedUnderNativeAot()
    {
        var consumer = package.NewConsumer("aot");
        NewConsole(consumer, "Native");

        consumer.Publish("Native", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", "published").Succeeded();
        var run = consumer.Run(consumer.PathOf(Path.Combine("published", "Native"))).Succeeded();

        Assert.Matches(@"Runtime: \.NET 10\.0\.\d+, dynamic code not supported", run.Output);
        Assert.False(File.Exists(consumer.PathOf(Path.Combine("published", "Native.dll"))), "the publish is not native");
        AssertStoppedTwice(run.Output);
    }

    private static string NewConsole(Consumer consumer, string name)
    {
        consumer.NewConsoleWithPackage(name, Program);
        consumer.WriteFodyWeavers(name);
        return consumer.PathOf(Path.Combine(name, name + ".csproj"));
    }

    private static void AssertStoppedTwice(string output)
    {
        var budget = BudgetPattern().Match(output);
        Assert.True(budget.Success, output);
        Assert.InRange(long.Parse(budget.Groups[1].Value), 1, 2_999_999_999);
        Assert.Matches(@"KeyboardInterrupt stopped the endless loop after \d+ iterations\.", output);
    }

    [GeneratedRegex(@"The budget stopped the counted loop after (\d+) iterations\.")]
    private static partial Regex BudgetPattern();
}
