using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// The speed of weaving at load time: a REPL submission against its compile, real libraries against a Cecil read and
    /// write (and against the Fody add-in's weaving of them, for reference), each warm and the first time in a process
    /// (cold); prints the headline tables.
    /// </summary>
    public static class LoadTimeCommand
    {
        public const string Usage = "dotnet run -c Release --project bench/Interrupts.Benchmarks -- loadtime [--quick] [BenchmarkDotNet options]";

        /// <summary>Fresh processes per benchmark in the cold job, each giving one call: there are only six benchmarks.</summary>
        private const int ColdLaunches = 10;

        public static int Run(string[] args)
        {
            var quick = args.Contains(BenchmarkRuns.QuickOption);
            SubmissionBenchmarks.Check();

            var config = BenchmarkRuns.Config(args, quick ? BenchmarkRuns.QuickJob : BenchmarkRuns.WarmJob(15), BenchmarkRuns.ColdJob(quick ? 3 : ColdLaunches));
            Type[] types = [typeof(SubmissionBenchmarks), typeof(WeavingBenchmarks)];
            var summaries = BenchmarkRunner.Run(types, config, BenchmarkRuns.BenchmarkDotNetArguments(args));
            return BenchmarkRuns.Report(summaries, LoadTimeHeadline.Markdown(summaries, BenchmarkRuns.Command("loadtime", args)), "loadtime.md");
        }
    }
}
