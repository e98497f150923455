namespace Interrupts.Benchmarks
{
    /// <summary>What the benchmark command was asked to measure.</summary>
    public static class Selection
    {
        /// <summary>Only some workloads, in a short job: the headline table again in a few minutes. Read where
        /// BenchmarkDotNet lists the benchmarks, in this process; the processes it starts are given their workload.</summary>
        public static bool Quick { get; set; }
    }
}
