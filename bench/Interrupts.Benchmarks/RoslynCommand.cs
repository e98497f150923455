using System.Linq;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// The workloads compiled by Roslyn at run time, against Roslyn's own ModuleCancellation instrumentation: checks the
    /// results of every variant, times them warm and run once (cold), and prints the headline table.
    /// </summary>
    public static class RoslynCommand
    {
        public const string Usage = "dotnet run -c Release --project bench/Interrupts.Benchmarks -- roslyn [--quick] [BenchmarkDotNet options]";

        /// <summary>Fresh processes per benchmark in the cold job, each giving one call: 45 benchmarks take a few seconds each.</summary>
        private const int ColdLaunches = 4;

        public static int Run(string[] args)
        {
            Selection.Quick = args.Contains(BenchmarkRuns.QuickOption);
            foreach (var name in RoslynBenchmarks.Names)
            {
                var benchmarks = new RoslynBenchmarks { Workload = name };
                ResultCheck.Check(benchmarks);
                benchmarks.CheckModuleCancellation();
            }

            var config = BenchmarkRuns.Config(args, Selection.Quick ? BenchmarkRuns.QuickJob : BenchmarkRuns.WarmJob(10), BenchmarkRuns.ColdJob(Selection.Quick ? 2 : ColdLaunches));
            config.AddFilter(new SimpleFilter(b => RoslynBenchmarks.Timed.Contains(b.Descriptor.WorkloadMethod.Name)));
            var summary = BenchmarkRunner.Run<RoslynBenchmarks>(config, BenchmarkRuns.BenchmarkDotNetArguments(args));
            return BenchmarkRuns.Report([summary], RoslynHeadline.Markdown(summary, BenchmarkRuns.Command("roslyn", args)), "roslyn.md");
        }
    }
}
