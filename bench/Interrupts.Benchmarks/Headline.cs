using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Reports;
using Perfolizer.Mathematics.Common;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// Turns BenchmarkDotNet's results into the tables of issue 6, in Markdown: per variant, the geometric mean and the
    /// worst of its ratios to the unwoven code of the same run; the woven variants against a token checked by hand on
    /// the tight loops; and the cost of weaving.
    /// </summary>
    public static class Headline
    {
        private const double WeavingTimeTarget = 1.5;
        private const double IlGrowthTargetPercent = 10;

        private static readonly Dictionary<int, string> VariantNames = new()
        {
            [2] = "2. woven, no scope",
            [3] = "3. woven, in a scope fed from outside",
            [4] = "4. woven, in a counting scope",
            [5] = "5. unwoven, token checked by hand",
            [7] = "7. woven, in a stack guard",
            [9] = "9. woven, in an allocation limit",
        };

        private static readonly Dictionary<int, (double Geomean, double Worst)> Targets = new()
        {
            [2] = (1.03, 1.10),
            [3] = (1.05, 1.15),
            [4] = (1.15, 1.50),
        };

        public static string Markdown(IReadOnlyList<Summary> summaries, IReadOnlyList<IlGrowth> ilGrowth, string command) =>
            Markdown(summaries, command, "Ratios are of mean times, to the unwoven code (variant 1) of the same run.",
                (text, reports) =>
                {
                    AppendVariants(text, reports.Select(Measurement.Of).OfType<Measurement>().ToList());
                    AppendWeaving(text, reports);
                },
                text => AppendIlGrowth(text, ilGrowth));

        /// <summary>
        /// A headline in Markdown: when and where the run was made (and <paramref name="ratios"/>, which says what the
        /// ratios are of), the command that reproduces it, a section per job that <paramref name="appendJob"/> writes from
        /// the job's reports, what <paramref name="appendEnd"/> writes, and the benchmarks that gave no result.
        /// </summary>
        public static string Markdown(IReadOnlyList<Summary> summaries, string command, string ratios,
            Action<StringBuilder, IReadOnlyList<BenchmarkReport>> appendJob, Action<StringBuilder>? appendEnd = null)
        {
            var text = new StringBuilder();
            var host = summaries.FirstOrDefault()?.HostEnvironmentInfo;
            text.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount}-core {host?.Cpu.Value.ProcessorName ?? "?"}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, BenchmarkDotNet {host?.BenchmarkDotNetVersion ?? "?"}. {ratios}");
            text.AppendLine();
            text.AppendLine("```sh");
            text.AppendLine(command);
            text.AppendLine("```");

            var reports = summaries.SelectMany(s => s.Reports).ToList();
            // Warm jobs first: code that runs once is the exception.
            var jobs = reports.OrderBy(r => r.BenchmarkCase.Job.Run.RunStrategy == RunStrategy.ColdStart).Select(r => r.BenchmarkCase.Job.DisplayInfo).Distinct();
            foreach (var job in jobs)
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"### Job {job}");
                appendJob(text, reports.Where(r => r.BenchmarkCase.Job.DisplayInfo == job).ToList());
            }

            appendEnd?.Invoke(text);
            var failed = reports.Where(r => r.ResultStatistics is null).Select(r => r.BenchmarkCase.DisplayInfo).ToList();
            if (failed.Count > 0)
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"No result (left out of the tables above): {string.Join("; ", failed)}.");
            }

            return text.ToString();
        }

        /// <summary>The geometric mean of <paramref name="ratios"/>: the mean of ratios, which a few large ones do not sway.</summary>
        public static double GeometricMean(IEnumerable<double> ratios) => Math.Exp(ratios.Average(Math.Log));

        private static void AppendVariants(StringBuilder text, IReadOnlyList<Measurement> measurements)
        {
            if (measurements.Count == 0)
            {
                return;
            }

            var baselines = measurements.Where(m => m.Variant.Number == 1).ToDictionary(m => m.Workload);
            // By name: the classes of kernels and libraries inherit the same methods, from differently closed base types.
            var methods = measurements.Where(m => m.Variant.Number != 1).GroupBy(m => m.Method.Name).Select(g => g.First())
                .OrderBy(m => m.Variant.Number).ThenBy(m => m.Method.MetadataToken).Select(m => (m.Method.Name, m.Variant)).ToList();
            var workloads = measurements.Select(m => (m.Workload, m.Kind)).Distinct().Where(w => baselines.ContainsKey(w.Workload)).ToList();
            double? Ratio(string workload, string method) =>
                measurements.FirstOrDefault(m => m.Workload == workload && m.Method.Name == method) is { } m ? m.Mean / baselines[workload].Mean : null;

            text.AppendLine();
            text.AppendLine("| variant | scope | workloads | geomean | worst | target (geomean, worst) | met |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var (method, variant) in methods)
            {
                var ratios = workloads.Select(w => (w.Workload, Ratio: Ratio(w.Workload, method))).Where(r => r.Ratio is not null).Select(r => (r.Workload, Ratio: r.Ratio!.Value)).ToList();
                if (ratios.Count == 0)
                {
                    continue;
                }

                var geomean = GeometricMean(ratios.Select(r => r.Ratio));
                var worst = ratios.MaxBy(r => r.Ratio);
                var target = Targets.TryGetValue(variant.Number, out var t) ? string.Create(CultureInfo.InvariantCulture, $"≤ {t.Geomean:0.00}, ≤ {t.Worst:0.00}") : "-";
                var met = Targets.ContainsKey(variant.Number) ? (geomean <= t.Geomean && worst.Ratio <= t.Worst ? "yes" : "**no**") : "-";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {VariantNames[variant.Number]} | `{variant.Scope}` | {ratios.Count} | {geomean:0.000} | {worst.Ratio:0.000} ({worst.Workload}) | {target} | {met} |");
            }

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"| workload | kind | unwoven | {string.Join(" | ", methods.Select(m => m.Name))} |");
            text.AppendLine(CultureInfo.InvariantCulture, $"|---|---|---|{string.Concat(methods.Select(_ => "---|"))}");
            foreach (var (workload, kind) in workloads)
            {
                var cells = methods.Select(m => Ratio(workload, m.Name) is { } ratio ? ratio.ToString("0.000", CultureInfo.InvariantCulture) : "-");
                text.AppendLine(CultureInfo.InvariantCulture, $"| {workload} | {kind} | {baselines[workload].Mean / 1e6:0.000} ms | {string.Join(" | ", cells)} |");
            }

            AppendTightLoops(text, measurements);
        }

        /// <summary>Variants 2 and 3 against 5 on each tight loop: "no slower" is a mean no higher, or one whose 99.9 %
        /// confidence interval overlaps the hand-checked one's (a difference the run cannot tell from noise).</summary>
        private static void AppendTightLoops(StringBuilder text, IReadOnlyList<Measurement> measurements)
        {
            var tightLoops = measurements.Where(m => m.Kind == KernelBenchmarks.TightLoop).ToList();
            var handChecked = tightLoops.Where(m => m.Variant.Number == 5).ToDictionary(m => m.Workload);
            var rows = tightLoops.Where(m => m.Variant.Number is 2 or 3 && handChecked.ContainsKey(m.Workload)).ToList();
            if (rows.Count == 0)
            {
                return;
            }

            text.AppendLine();
            text.AppendLine("| tight loop | variant | ratio to variant 5 | no slower than variant 5 |");
            text.AppendLine("|---|---|---|---|");
            foreach (var row in rows)
            {
                var hand = handChecked[row.Workload];
                var ratio = row.Mean / hand.Mean;
                var verdict = ratio <= 1 ? "yes" : Overlap(row.Statistics, hand.Statistics) ? "yes, within error" : "**no**";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Workload} | {row.Variant.Number}, `{row.Variant.Scope}` | {ratio:0.000} | {verdict} |");
            }
        }

        private static bool Overlap(Statistics a, Statistics b)
        {
            if (a.N < 2 || b.N < 2)
            {
                return false;
            }

            ConfidenceInterval x = a.GetConfidenceInterval(ConfidenceLevel.L999), y = b.GetConfidenceInterval(ConfidenceLevel.L999);
            return x.Lower <= y.Upper && y.Lower <= x.Upper;
        }

        private static void AppendWeaving(StringBuilder text, IReadOnlyList<BenchmarkReport> reports)
        {
            var weaving = reports.Where(r => r.BenchmarkCase.Descriptor.Type == typeof(WeavingBenchmarks) && r.ResultStatistics is not null).ToList();
            var libraries = weaving.Select(r => (string)r.BenchmarkCase.Parameters[nameof(WeavingBenchmarks.Library)]).Distinct().ToList();
            double? Mean(string library, string method) =>
                weaving.FirstOrDefault(r => (string)r.BenchmarkCase.Parameters[nameof(WeavingBenchmarks.Library)] == library && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)?.ResultStatistics?.Mean;
            if (libraries.Count == 0)
            {
                return;
            }

            text.AppendLine();
            text.AppendLine("| library | Cecil read + write | read + decode every body + write | read + weave + write | weave ratio to read + write | target | met |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var library in libraries)
            {
                if (Mean(library, nameof(WeavingBenchmarks.CecilReadWrite)) is { } plain && Mean(library, nameof(WeavingBenchmarks.Weave)) is { } woven)
                {
                    var decoded = Mean(library, nameof(WeavingBenchmarks.CecilReadDecodeWrite)) is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d / 1e6:0.0} ms ({d / plain:0.00})") : "-";
                    var ratio = woven / plain;
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {library} | {plain / 1e6:0.0} ms | {decoded} | {woven / 1e6:0.0} ms | {ratio:0.00} | ≤ {WeavingTimeTarget:0.0} | {(ratio <= WeavingTimeTarget ? "yes" : "**no**")} |");
                }
            }
        }

        private static void AppendIlGrowth(StringBuilder text, IReadOnlyList<IlGrowth> ilGrowth)
        {
            if (ilGrowth.Count == 0)
            {
                return;
            }

            text.AppendLine();
            text.AppendLine("IL growth (the bytes of all method bodies, read back with Cecil; the same on every run):");
            text.AppendLine();
            text.AppendLine("| library | checkpoints | checks before arrays | IL before | IL after | growth | target | met |");
            text.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var growth in ilGrowth)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {growth.Library} | {growth.Checkpoints:N0} | {growth.ArrayChecks:N0} ({growth.ArrayCheckBytes:N0} B) | {growth.BytesBefore:N0} B | {growth.BytesAfter:N0} B | +{growth.Percent:0.0} % | ≤ {IlGrowthTargetPercent} % | {(growth.Percent <= IlGrowthTargetPercent ? "yes" : "**no**")} |");
            }
        }

        /// <summary>A result of a variant benchmark: which workload, what kind, which method and variant, and its statistics.</summary>
        internal sealed record Measurement(string Workload, string Kind, MethodInfo Method, VariantAttribute Variant, Statistics Statistics)
        {
            public double Mean => Statistics.Mean;

            public static Measurement? Of(BenchmarkReport report)
            {
                var method = report.BenchmarkCase.Descriptor.WorkloadMethod;
                if (method.GetCustomAttribute<VariantAttribute>() is not { } variant || report.ResultStatistics is not { } statistics)
                {
                    return null;
                }

                var workload = (string)report.BenchmarkCase.Parameters["Workload"];
                var kind = KernelBenchmarks.All.FirstOrDefault(w => w.Name == workload).Kind ?? LibraryBenchmarks.Kind;
                return new Measurement(workload, kind, method, variant, statistics);
            }
        }
    }
}
