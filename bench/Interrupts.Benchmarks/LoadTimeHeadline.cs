using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// The headline tables of the loadtime command, per job: the time of <c>AssemblyWeaver.Weave</c> on a REPL
    /// submission and on real libraries, against what a host pays for them anyway (Roslyn's compile and emit of the
    /// submission; a Cecil read and write of the library's bytes), and, for reference, the Fody add-in's weaving of the
    /// libraries against its own Cecil read and write.
    /// </summary>
    public static class LoadTimeHeadline
    {
        public static string Markdown(IReadOnlyList<Summary> summaries, string command) =>
            Headline.Markdown(summaries, command, "Ratios are of mean times, to what the host pays anyway for the same input, in the same job of the same run.", AppendTables);

        private static void AppendTables(StringBuilder text, IReadOnlyList<BenchmarkReport> reports)
        {
            double? Mean(string method, string? library = null) =>
                reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
                    && (library is null || (string)r.BenchmarkCase.Parameters[nameof(WeavingBenchmarks.Library)] == library))?.ResultStatistics?.Mean;

            if (Mean(nameof(SubmissionBenchmarks.CompileAndEmit)) is { } compile && Mean(nameof(SubmissionBenchmarks.Weave)) is { } weave)
            {
                text.AppendLine();
                text.AppendLine("| input | Roslyn compile + emit | `AssemblyWeaver.Weave` | ratio |");
                text.AppendLine("|---|---|---|---|");
                text.AppendLine(CultureInfo.InvariantCulture, $"| REPL submission | {Milliseconds(compile)} | {Milliseconds(weave)} | {weave / compile:0.000} |");
            }

            var libraries = WeavingBenchmarks.Libraries.Where(l => Mean(nameof(WeavingBenchmarks.AssemblyWeaverWeave), l) is not null).ToList();
            if (libraries.Count == 0)
            {
                return;
            }

            text.AppendLine();
            text.AppendLine("| library | Cecil read + write, in memory | `AssemblyWeaver.Weave` | ratio | for reference: Cecil read of the file + write | Fody add-in (`ModuleWeaver`) | ratio |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var library in libraries)
            {
                string Cells(string plainMethod, string wovenMethod)
                {
                    var (plain, woven) = (Mean(plainMethod, library), Mean(wovenMethod, library));
                    var ratio = plain is { } p && woven is { } w ? (w / p).ToString("0.00", CultureInfo.InvariantCulture) : "-";
                    return $"{Milliseconds(plain)} | {Milliseconds(woven)} | {ratio}";
                }

                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {library} | {Cells(nameof(WeavingBenchmarks.CecilReadWriteBytes), nameof(WeavingBenchmarks.AssemblyWeaverWeave))} | {Cells(nameof(WeavingBenchmarks.CecilReadWrite), nameof(WeavingBenchmarks.Weave))} |");
            }
        }

        private static string Milliseconds(double? nanoseconds) =>
            nanoseconds is { } ns ? (ns / 1e6).ToString(ns < 1e7 ? "0.000 ms" : "0.0 ms", CultureInfo.InvariantCulture) : "-";
    }
}
