using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// The headline table of the loadtime command, per job: the time of <c>AssemblyWeaver.Weave</c> on a REPL
    /// submission and on real libraries, against what a host pays for them anyway (Roslyn's compile and emit of the
    /// submission; a Cecil read and write of the library's bytes).
    /// </summary>
    public static class LoadTimeHeadline
    {
        public static string Markdown(IReadOnlyList<Summary> summaries, string command) =>
            Headline.Markdown(summaries, command, "Ratios are of mean times, to what the host pays anyway for the same input, in the same job of the same run.", AppendTable);

        private static void AppendTable(StringBuilder text, IReadOnlyList<BenchmarkReport> reports)
        {
            double? Mean(string method, string? library = null) =>
                reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
                    && (library is null || (string)r.BenchmarkCase.Parameters[nameof(WeavingBenchmarks.Library)] == library))?.ResultStatistics?.Mean;

            List<(string Input, string Baseline, double? BaselineMean, double? WeaveMean)> rows =
            [
                ("REPL submission", "Roslyn compile + emit", Mean(nameof(SubmissionBenchmarks.CompileAndEmit)), Mean(nameof(SubmissionBenchmarks.Weave))),
                .. WeavingBenchmarks.Libraries.Select(library => (library, "Cecil read + write, in memory",
                    Mean(nameof(WeavingBenchmarks.CecilReadWriteBytes), library), Mean(nameof(WeavingBenchmarks.AssemblyWeaverWeave), library))),
            ];

            text.AppendLine();
            text.AppendLine("| input | what the host pays anyway | its time | `AssemblyWeaver.Weave` | ratio |");
            text.AppendLine("|---|---|---|---|---|");
            foreach (var (input, baseline, baselineMean, weaveMean) in rows.Where(r => r.BaselineMean is not null || r.WeaveMean is not null))
            {
                var ratio = baselineMean is { } b && weaveMean is { } w ? (w / b).ToString("0.00", CultureInfo.InvariantCulture) : "-";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {input} | {baseline} | {Milliseconds(baselineMean)} | {Milliseconds(weaveMean)} | {ratio} |");
            }
        }

        private static string Milliseconds(double? nanoseconds) =>
            nanoseconds is { } ns ? (ns / 1e6).ToString(ns < 1e7 ? "0.000 ms" : "0.0 ms", CultureInfo.InvariantCulture) : "-";
    }
}
