using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Tests.EndToEnd.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// Settings are per assembly: in one solution, the library Fine (<c>Interval="10" Include="Fine.Work"</c>) and the
/// library Coarse (default interval, <c>Exclude="Coarse.Other"</c>) each hold the same code in two types, and are woven
/// each by its own FodyWeavers.xml. The console App, which references both, counts the checkpoints each type meets.
/// </summary>
[Collection(PackedPackage.Collection)]
public sealed class PerAssemblySettingsTests(PerAssemblySettingsTests.TwoLibrarySolution solution) : IClassFixture<PerAssemblySettingsTests.TwoLibrarySolution>
{
    [Fact]
    public void TheLibraryWithTheShorterIntervalMeetsMoreCheckpointsInTheSameCode()
    {
        var fine = solution.CheckpointsMet("Fine.Work");
        var coarse = solution.CheckpointsMet("Coarse.Work");

        Assert.InRange(coarse, 1, int.MaxValue);
        // The straight run of each round is about 300 instructions: one checkpoint covers it at 1000, thirty at 10.
        Assert.True(fine >= 10 * coarse, $"Fine.Work met {fine} checkpoints and Coarse.Work {coarse}.");
    }

    [Fact]
    public void IncludeLeavesTheTypesItDoesNotNameUnwoven()
    {
        Assert.InRange(solution.CheckpointsMet("Fine.Work"), 1, int.MaxValue);
        Assert.Equal(0, solution.CheckpointsMet("Fine.Other"));
    }

    [Fact]
    public void ExcludeLeavesTheTypesItNamesUnwoven()
    {
        Assert.InRange(solution.CheckpointsMet("Coarse.Work"), 1, int.MaxValue);
        Assert.Equal(0, solution.CheckpointsMet("Coarse.Other"));
    }

    [Fact]
    public void AProjectThatOnlyReferencesWovenLibrariesIsNotWoven()
    {
        Assert.Contains("Fody/Interrupts: wove 1 methods of Fine,", solution.Build.Output);
        Assert.Contains("Fody/Interrupts: wove 1 methods of Coarse,", solution.Build.Output);
        Assert.DoesNotContain(" of App,", solution.Build.Output);
    }

    /// <summary>The solution, built and run once for the tests of the class.</summary>
    public sealed class TwoLibrarySolution
    {
        private static readonly string[] Types = ["Fine.Work", "Fine.Other", "Coarse.Work", "Coarse.Other"];

        private readonly IReadOnlyDictionary<string, int> checkpointsMet;

        public TwoLibrarySolution(PackedPackage package)
        {
            var consumer = package.NewConsumer("solution");
            consumer.Dotnet("new", "sln", "--name", "Scripts").Succeeded();
            AddLibrary(consumer, "Fine", """<Interrupts Interval="10" Include="Fine.Work" />""");
            AddLibrary(consumer, "Coarse", """<Interrupts Exclude="Coarse.Other" />""");
            consumer.New("console", "App");
            consumer.Dotnet("sln", "add", "App").Succeeded();
            consumer.AddReference("App", "Fine");
            consumer.AddReference("App", "Coarse");
            consumer.WriteFile(Path.Combine("App", "Program.cs"), CountingProgram());

            Build = consumer.Build().Succeeded();
            var run = consumer.RunBuilt("App").Succeeded();

            checkpointsMet = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(": "))
                .ToDictionary(parts => parts[0], parts => int.Parse(parts[1]));
        }

        /// <summary>The solution's build, with what the weaver logged for each project.</summary>
        public CommandResult Build { get; }

        /// <summary>How many checkpoints <c>Run</c> of <paramref name="type"/> met: the callback of an
        /// <c>Interrupt.Check</c> with an interval of 1 runs at every one.</summary>
        public int CheckpointsMet(string type) => checkpointsMet[type];

        private static void AddLibrary(Consumer consumer, string name, string interrupts)
        {
            consumer.New("classlib", name);
            consumer.Dotnet("sln", "add", name).Succeeded();
            consumer.AddPackage(name);
            consumer.WriteFodyWeavers(name, interrupts);
            File.Delete(consumer.PathOf(Path.Combine(name, "Class1.cs")));
            consumer.WriteFile(Path.Combine(name, "Work.cs"), $"namespace {name};\n\n{Loop("Work")}\n{Loop("Other")}");
        }

        /// <summary>A type whose Run loops three times over a straight run of about 300 IL instructions.</summary>
        private static string Loop(string type) => $$"""
            public static class {{type}}
            {
                public static long Run(long x)
                {
                    for (var round = 0; round < 3; round++)
                    {
            {{string.Concat(Enumerable.Repeat("            x = x * 31 + round;\n", 40))}}
                    }

                    return x;
                }
            }

            """;

        /// <summary>App's Program.cs. App has no package reference of its own, so it gets the runtime through the
        /// libraries but not Fody's targets: it is not woven, and only the libraries' checkpoints are counted.</summary>
        private static string CountingProgram() =>
            "using Interrupts;\n\n"
            + string.Concat(Types.Select(type => $"Console.WriteLine($\"{type}: {{CheckpointsMet({type}.Run)}}\");\n"))
            + """

              static int CheckpointsMet(Func<long, long> run)
              {
                  var met = 0;
                  using (Interrupt.Check(() => met++, 1))
                  {
                      run(7);
                  }

                  return met;
              }
              """;
    }
}
