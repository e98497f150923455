using System;
using System.Linq;
using BenchmarkDotNet.Filters;
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

        public static int Run(string[] args)
        {
            Selection.Quick = args.Contains(BenchmarkRuns.QuickOption);
            ResultCheck.Run();
            var ilGrowth = WeavingBenchmarks.Libraries.Select(WeavingBenchmarks.MeasureIlGrowth).ToList();

            var config = BenchmarkRuns.Config(args, Selection.Quick ? BenchmarkRuns.QuickJob : FullJob);
            // Weaving at load time is the loadtime command's.
            config.AddFilter(new SimpleFilter(b => !b.Descriptor.HasCategory(WeavingBenchmarks.LoadTime)));
            Type[] types = [typeof(KernelBenchmarks), typeof(LibraryBenchmarks), typeof(WeavingBenchmarks)];
            var summaries = BenchmarkRunner.Run(types, config, BenchmarkRuns.BenchmarkDotNetArguments(args));
            var headline = Headline.Markdown(summaries, ilGrowth, BenchmarkRuns.Command("bench", args));
            return BenchmarkRuns.Report(summaries, headline, "headline.md");
        }

        /// <summary>
        /// Three processes per benchmark: a woven tight loop does not run at the same speed in every process (array sum
        /// took 2.8 ms in some and 5.6 ms in others, from the same machine code), so one process can be unlucky.
        /// </summary>
        private static Job FullJob =>
            Job.Default.WithId("Full").WithLaunchCount(3).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(250));
    }
}
