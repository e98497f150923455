using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// The headline table of the roslyn command, per job: for each workload, the time of the plain Roslyn compile and
    /// the ratio of each other variant to it, with their geometric means and the worst; and the like-for-like comparisons: the woven
    /// code in a token's scope against Roslyn's ModuleCancellation with a token, and in a stack guard against Roslyn's
    /// StackOverflowProbing.
    /// </summary>
    public static class RoslynHeadline
    {
        private static readonly (string Method, string Title)[] Columns =
        [
            (nameof(RoslynBenchmarks.ModuleCancellation), "Roslyn ModuleCancellation"),
            (nameof(RoslynBenchmarks.Woven), "woven, no scope"),
            (nameof(RoslynBenchmarks.WovenInToken), "woven, in `Check(token)`"),
            (nameof(RoslynBenchmarks.WovenInCheck), "woven, in `Check(() => { }, 10_000)`"),
            (nameof(RoslynBenchmarks.WovenInBudget), "woven, in `Budget(long.MaxValue)`"),
            (nameof(RoslynBenchmarks.StackOverflowProbing), "Roslyn StackOverflowProbing"),
            (nameof(RoslynBenchmarks.WovenInStackGuard), "woven, in `GuardStack()`"),
        ];

        public static string Markdown(Summary summary, string command) =>
            Headline.Markdown([summary], command, "Ratios are of mean times, to the same source compiled plain by Roslyn, in the same job of the same run.",
                (text, reports) => AppendTable(text, reports.Select(Headline.Measurement.Of).OfType<Headline.Measurement>().ToList()));

        private static void AppendTable(StringBuilder text, IReadOnlyList<Headline.Measurement> measurements)
        {
            var baselines = measurements.Where(m => m.Method.Name == nameof(RoslynBenchmarks.Unwoven)).ToDictionary(m => m.Workload);
            if (baselines.Count == 0)
            {
                return;
            }

            double? Ratio(string workload, string method, string to) =>
                measurements.FirstOrDefault(m => m.Workload == workload && m.Method.Name == method) is { } m
                && measurements.FirstOrDefault(m => m.Workload == workload && m.Method.Name == to) is { } baseline
                    ? m.Mean / baseline.Mean
                    : null;

            // Each column: the ratio of a variant to the plain compile; the last two, of the woven code to Roslyn's
            // instrumentation that does the same: in a token's scope, and in a stack guard.
            List<(string Title, string Method, string To)> columns =
            [
                .. Columns.Select(c => (c.Title, c.Method, nameof(RoslynBenchmarks.Unwoven))),
                ("woven in `Check(token)` ÷ ModuleCancellation", nameof(RoslynBenchmarks.WovenInToken), nameof(RoslynBenchmarks.ModuleCancellation)),
                ("woven in `GuardStack()` ÷ StackOverflowProbing", nameof(RoslynBenchmarks.WovenInStackGuard), nameof(RoslynBenchmarks.StackOverflowProbing)),
            ];
            var workloads = measurements.Where(m => baselines.ContainsKey(m.Workload)).Select(m => (m.Workload, m.Kind)).Distinct().ToList();

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"| workload | kind | Roslyn, plain | {string.Join(" | ", columns.Select(c => c.Title))} |");
            text.AppendLine(CultureInfo.InvariantCulture, $"|---|---|---|{string.Concat(columns.Select(_ => "---|"))}");
            foreach (var (workload, kind) in workloads)
            {
                var cells = columns.Select(c => Ratio(workload, c.Method, c.To) is { } ratio ? ratio.ToString("0.000", CultureInfo.InvariantCulture) : "-");
                text.AppendLine(CultureInfo.InvariantCulture, $"| {workload} | {kind} | {baselines[workload].Mean / 1e6:0.000} ms | {string.Join(" | ", cells)} |");
            }

            var ratios = columns.Select(c => workloads.Select(w => Ratio(w.Workload, c.Method, c.To)).OfType<double>().ToList()).ToList();
            string Row(Func<List<double>, double> of) =>
                string.Join(" | ", ratios.Select(r => r.Count == 0 ? "-" : of(r).ToString("0.000", CultureInfo.InvariantCulture)));
            text.AppendLine(CultureInfo.InvariantCulture, $"| **geometric mean** | | | {Row(Headline.GeometricMean)} |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| **worst** | | | {Row(r => r.Max())} |");
        }
    }
}
