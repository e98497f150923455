using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;

namespace Interrupts.Benchmarks
{
    /// <summary>What the commands that run BenchmarkDotNet share: the quick option, their jobs, and how they report.</summary>
    public static class BenchmarkRuns
    {
        /// <summary>Fewer workloads in shorter jobs: indicative figures in a few minutes.</summary>
        public const string QuickOption = "--quick";

        /// <summary>Few and short iterations in one process: indicative ratios, not final figures.</summary>
        public static Job QuickJob =>
            Job.Default.WithId("Quick").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(100));

        /// <summary>
        /// Steady state beside a cold job: two processes per benchmark, as woven tight loops do not run at the same speed
        /// in every process (see the bench command), in less time than the bench command's three.
        /// </summary>
        public static Job WarmJob(int iterations) =>
            Job.Default.WithId("Warm").WithLaunchCount(2).WithIterationCount(iterations).WithIterationTime(TimeInterval.FromMilliseconds(250));

        /// <summary>Code that runs once: each of <paramref name="launches"/> fresh processes sets up and then calls the
        /// benchmark once, not warmed up, so the call pays for loading and compiling what it runs (tier 0 and on-stack
        /// replacement, as the runtime does for code it has never run).</summary>
        public static Job ColdJob(int launches) =>
            Job.Default.WithId("Cold").WithStrategy(RunStrategy.ColdStart).WithLaunchCount(launches)
                .WithWarmupCount(0).WithIterationCount(1).WithInvocationCount(1).WithUnrollFactor(1);

        /// <summary>
        /// The configuration of a run of <paramref name="jobs"/>, unless the command line names a job (<c>--job dry</c>):
        /// then that one. A single job is the default one, so that it takes the command line's changes (<c>--launchCount 1</c>);
        /// beside several, such changes make a job of their own.
        /// </summary>
        public static ManualConfig Config(string[] args, params Job[] jobs)
        {
            var config = ManualConfig.Create(DefaultConfig.Instance);
            if (!args.Any(a => a == "-j" || a.StartsWith("--job", StringComparison.Ordinal)))
            {
                // BenchmarkDotNet drops a default job as soon as there is another job, so several are added as they are.
                config.AddJob(jobs.Length == 1 ? [jobs[0].AsDefault()] : jobs);
            }

            return config;
        }

        /// <summary>The arguments for BenchmarkDotNet: the command line without this harness's own options.</summary>
        public static string[] BenchmarkDotNetArguments(string[] args) => args.Where(a => a != QuickOption).ToArray();

        /// <summary>The command line that reproduces this run.</summary>
        public static string Command(string command, string[] args) =>
            $"dotnet run -c Release --project bench/Interrupts.Benchmarks -- {command}{string.Concat(args.Select(a => " " + a))}";

        /// <summary>
        /// Prints <paramref name="headline"/> and writes it to <paramref name="fileName"/> beside BenchmarkDotNet's own
        /// reports; returns the command's exit code: 1 when a benchmark failed or gave no result.
        /// </summary>
        public static int Report(IReadOnlyList<Summary> summaries, string headline, string fileName)
        {
            Console.WriteLine();
            Console.WriteLine(headline);
            // Listing the benchmarks (--list) runs none, and has no results folder.
            if (summaries.FirstOrDefault() is { ResultsDirectoryPath.Length: > 0 } first)
            {
                var path = Path.Combine(first.ResultsDirectoryPath, fileName);
                File.WriteAllText(path, headline);
                Console.WriteLine($"(also in {path})");
            }

            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => r.ResultStatistics is null)) ? 1 : 0;
        }
    }
}
