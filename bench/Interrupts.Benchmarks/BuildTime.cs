using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Mono.Cecil;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// The time of a whole <c>dotnet build</c> of a consumer project, samples/Demo, with the add-in and without it
    /// (<c>DisableFody=true</c>), warm: packages restored, build and compiler servers running, and the project's own
    /// source touched before each build, so that every build compiles it again and weaves it or not.
    /// </summary>
    public static class BuildTime
    {
        public const string Usage = "dotnet run -c Release --project bench/Interrupts.Benchmarks -- buildtime [REPETITIONS]";

        public static int Run(int repetitions)
        {
            var demo = Path.Combine(RepositoryRoot(), "samples", "Demo");
            var project = Path.Combine(demo, "Demo.csproj");
            var source = Path.Combine(demo, "Program.cs");
            var output = Path.Combine(demo, "bin", "Release", "net10.0", "Demo.dll");
            (string Name, string Options, bool Woven)[] builds =
            [
                ("with the add-in", "", true),
                ("without it (`-p:DisableFody=true`)", " -p:DisableFody=true", false),
            ];

            Build($"build {Quote(project)} -c Release -nologo");
            var times = builds.ToDictionary(b => b.Name, _ => new List<double>());
            for (var repetition = -1; repetition < repetitions; repetition++)
            {
                foreach (var (name, options, woven) in builds)
                {
                    File.SetLastWriteTimeUtc(source, DateTime.UtcNow);
                    var seconds = Build($"build {Quote(project)} -c Release -nologo --no-restore -v:q{options}");
                    if (IsWoven(output) != woven)
                    {
                        throw new InvalidOperationException($"The build {name} left {output} {(woven ? "unwoven" : "woven")}.");
                    }

                    // The first round warms the servers up and builds each way once, so that a round starts from the
                    // other way's output, as every measured round does.
                    if (repetition >= 0)
                    {
                        times[name].Add(seconds);
                    }
                }
            }

            Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; whole `dotnet build -c Release --no-restore` of samples/Demo, warm, each way in turn, {repetitions} of each:");
            Console.WriteLine();
            Console.WriteLine("```sh");
            Console.WriteLine($"dotnet run -c Release --project bench/Interrupts.Benchmarks -- buildtime {repetitions}");
            Console.WriteLine("```");
            Console.WriteLine();
            Console.WriteLine("| build | median | min | max |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (name, seconds) in times)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(seconds):0.00} s | {seconds.Min():0.00} s | {seconds.Max():0.00} s |"));
            }

            var added = Median(times[builds[0].Name]) - Median(times[builds[1].Name]);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The add-in adds {added:0.00} s ({100 * added / Median(times[builds[1].Name]):0} %) to the median build."));
            return 0;
        }

        /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and returns how long it took, in seconds.</summary>
        private static double Build(string arguments)
        {
            var start = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            var stopwatch = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var errors = process.StandardError.ReadToEndAsync();
            var log = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            stopwatch.Stop();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet {arguments} failed with exit code {process.ExitCode}:\n{log}{errors.Result}");
            }

            return stopwatch.Elapsed.TotalSeconds;
        }

        private static bool IsWoven(string assemblyPath)
        {
            using var module = ModuleDefinition.ReadModule(assemblyPath);
            return module.Types.Any(t => t.Name == "ProcessedByInterrupts");
        }

        private static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
        }

        private static string Quote(string path) => $"\"{path}\"";

        /// <summary>The folder of Interrupts.sln above the running benchmarks, wherever the repository was cloned.</summary>
        internal static string RepositoryRoot()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Interrupts.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"No Interrupts.sln above {AppContext.BaseDirectory}.");
        }
    }
}
