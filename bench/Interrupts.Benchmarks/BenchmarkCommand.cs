using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// The benchmarks of issue 6: checks the results of every variant, runs them with BenchmarkDotNet, and prints the
    /// headline tables computed from what it measured.
    /// </summary>
    public static class BenchmarkCommand
    {
        public const string Usage = "dotnet run -c Release --project bench/Interrupts.Benchmarks -- bench [--quick] [BenchmarkDotNet options]";

        private const string QuickOption = "--quick";

        public static int Run(string[] args)
        {
            Selection.Quick = args.Contains(QuickOption);
            ResultCheck.Run();
            var ilGrowth = WeavingBenchmarks.Libraries.Select(WeavingBenchmarks.MeasureIlGrowth).ToList();

            // As the default job, it takes the command line's changes (--launchCount 1), but it would also override a job
            // named there (--job dry), so then it is left out.
            var config = ManualConfig.Create(DefaultConfig.Instance);
            if (!args.Any(a => a == "-j" || a.StartsWith("--job", StringComparison.Ordinal)))
            {
                config.AddJob((Selection.Quick ? QuickJob : FullJob).AsDefault());
            }

            Type[] types = [typeof(KernelBenchmarks), typeof(LibraryBenchmarks), typeof(WeavingBenchmarks)];
            var summaries = BenchmarkRunner.Run(types, config, args.Where(a => a != QuickOption).ToArray());
            var command = "dotnet run -c Release --project bench/Interrupts.Benchmarks -- bench" + string.Concat(args.Select(a => " " + a));
            var headline = Headline.Markdown(summaries, ilGrowth, command);
            Console.WriteLine();
            Console.WriteLine(headline);
            if (summaries.FirstOrDefault() is { } first)
            {
                var path = Path.Combine(first.ResultsDirectoryPath, "headline.md");
                File.WriteAllText(path, headline);
                Console.WriteLine($"(also in {path})");
            }

            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => r.ResultStatistics is null)) ? 1 : 0;
        }

        /// <summary>
        /// Three processes per benchmark: a woven tight loop does not run at the same speed in every process (array sum
        /// took 2.8 ms in some and 5.6 ms in others, from the same machine code), so one process can be unlucky.
        /// </summary>
        private static Job FullJob =>
            Job.Default.WithId("Full").WithLaunchCount(3).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(250));

        /// <summary>Few and short iterations in one process: indicative ratios, not final figures.</summary>
        private static Job QuickJob =>
            Job.Default.WithId("Quick").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(100));
    }
}
