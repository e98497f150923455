using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using Workloads;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// What <see cref="Interrupt.LimitAllocation"/> lets through: woven loops that allocate without end, each run in a
    /// fresh process, stopped by a limit, by a deadline, or by the runtime's own heap limit; for each, the peak working
    /// set of the process, what the thread allocated, the time to stop and the exception that stopped it.
    /// </summary>
    /// <remarks>
    /// A process per run, because a working set's peak is the process's: what one case left behind would be the next
    /// one's floor. The command runs itself with <see cref="CaseArgument"/> to run a case.
    /// </remarks>
    public static class MemoryCommand
    {
        public const string Usage = "dotnet run -c Release --project bench/Interrupts.Benchmarks -- memory [RUNS]";

        /// <summary>The argument with which the command runs one case in a child process, followed by the case's name.</summary>
        public const string CaseArgument = "memory-case";

        private const long MB = 1 << 20;
        private const long Limit = 200 * MB;
        private const long HugeArrayLength = 1_000_000_000;
        private const string HeapHardLimitVariable = "DOTNET_GCHeapHardLimit";
        private const long HeapHardLimit = 512 * MB;
        private const string ResultMarker = "memory-case result: ";

        /// <summary>
        /// A child whose working set passes this is killed: a loop that a deadline stops grows as fast as it can, and the
        /// machine must survive a deadline that comes too late.
        /// </summary>
        private const long ChildWorkingSetCap = 12L << 30;

        private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(2);

        private static readonly IReadOnlyList<Case> Cases =
        [
            new("a", "`List<long>.Add(1)` without end", $"`LimitAllocation({Limit / MB} MB)`", Limit, null, null, FillList),
            new("b", "`List<long>.Add(1)` without end", $"`Deadline({Deadline.TotalSeconds:0} s)`, no limit", null, Deadline, null, FillList),
            new("c", "a chain of 48-byte objects, each kept", $"`LimitAllocation({Limit / MB} MB)`", Limit, null, null, GrowChain),
            new("d", $"`new long[{HugeArrayLength:N0}]` ({HugeArrayLength * sizeof(long) / (double)(1L << 30):0.00} GB)", $"`LimitAllocation({Limit / MB} MB)`", Limit, null, null, LongArray),
            new("e", "`List<long>.Add(1)` without end", $"none; `{HeapHardLimitVariable}=0x{HeapHardLimit:X}` ({HeapHardLimit / MB} MB)", null, null, HeapHardLimit, FillList),
        ];

        private static string WorkloadsName => typeof(Allocating).Assembly.GetName().Name!;

        /// <summary>Runs every case <paramref name="runs"/> times, one process each, the cases in turn; prints the tables.</summary>
        public static int Run(int runs)
        {
            var watch = WatchPeriod();
            var results = Cases.ToDictionary(c => c.Name, _ => new List<CaseResult>());
            for (var run = 1; run <= runs; run++)
            {
                foreach (var @case in Cases)
                {
                    var result = RunChild(@case);
                    results[@case.Name].Add(result);
                    Console.WriteLine(result.Failure is { } failure
                        ? $"run {run}, case {@case.Name}: {failure}"
                        : $"run {run}, case {@case.Name}: {result.Exception ?? "no exception"} in {result.ThrownIn}, {result.Milliseconds:0.0} ms, {result.Allocated / (double)MB:N1} MB allocated, peak working set {result.PeakWorkingSet / (double)MB:N1} MB; {result.Progress}");
                }
            }

            Console.WriteLine();
            Console.WriteLine(Markdown(results, runs, watch));
            return results.Values.SelectMany(r => r).Any(r => r.Failure is not null) ? 1 : 0;
        }

        /// <summary>In a child process: runs the case <paramref name="name"/> once and prints its result.</summary>
        public static int RunCase(string name)
        {
            var @case = Cases.Single(c => c.Name == name);
            var (run, progress) = @case.Prepare(new WovenCopies(WorkloadsName));
            // What weaving allocated is not the loop's: collected, and the peak brought down to what is left.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            ResetPeakWorkingSet();
            var baseline = WorkingSet();

            Exception? stopped = null;
            var collectionsBefore = Collections();
            var pausedBefore = GC.GetTotalPauseDuration();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            try
            {
                using (@case.Limit is { } limit ? Interrupt.LimitAllocation(limit) : @case.Deadline is { } deadline ? Interrupt.Deadline(deadline) : null)
                {
                    run();
                }
            }
            catch (Exception exception)
            {
                stopped = exception;
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            var paused = GC.GetTotalPauseDuration() - pausedBefore;
            var collections = string.Join("/", Collections().Zip(collectionsBefore, (after, before) => after - before));
            using var self = Process.GetCurrentProcess();
            var result = new CaseResult(stopped?.GetType().Name, stopped is null ? "-" : ThrownIn(stopped), elapsed.TotalMilliseconds,
                allocated, baseline, self.PeakWorkingSet64, progress(), collections, paused.TotalMilliseconds, null);
            Console.WriteLine(ResultMarker + JsonSerializer.Serialize(result));
            return 0;
        }

        private static (Action Run, Func<string> Progress) FillList(WovenCopies woven)
        {
            var fill = woven.Method<Action<List<long>>>(WorkloadsName, typeof(Allocating).FullName!, nameof(Allocating.FillList));
            var list = new List<long>();
            return (() => fill(list), () => $"{list.Count:N0} elements, capacity {list.Capacity:N0}");
        }

        private static (Action Run, Func<string> Progress) GrowChain(WovenCopies woven)
        {
            var grow = woven.Method<Action<StrongBox<long>>>(WorkloadsName, typeof(Allocating).FullName!, nameof(Allocating.GrowChain));
            var length = new StrongBox<long>();
            return (() => grow(length), () => $"{length.Value:N0} links");
        }

        private static (Action Run, Func<string> Progress) LongArray(WovenCopies woven)
        {
            var allocate = woven.Method<Func<long, long[]>>(WorkloadsName, typeof(Allocating).FullName!, nameof(Allocating.LongArray));
            long[]? array = null;
            return (() => array = allocate(HugeArrayLength), () => array is null ? "not allocated" : $"allocated, {array.LongLength:N0} elements");
        }

        /// <summary>The first method of the stack trace outside the Interrupts runtime: where the woven code, or the code
        /// it called, was stopped.</summary>
        private static string ThrownIn(Exception exception)
        {
            var frames = new StackTrace(exception).GetFrames();
            var method = frames.Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.Assembly != typeof(Interrupt).Assembly);
            return method is null ? "?" : $"{(method.DeclaringType is { } type ? TypeName(type) : "?")}.{method.Name}";
        }

        /// <summary>A type's name as C# writes it, without namespaces: <c>List&lt;Int64&gt;</c>.</summary>
        private static string TypeName(Type type) =>
            type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>" : type.Name;

        /// <summary>Brings the peak working set down to the current one, so that it is the loop's (Linux only; elsewhere
        /// it stays the process's).</summary>
        private static void ResetPeakWorkingSet()
        {
            if (OperatingSystem.IsLinux())
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
        }

        /// <summary>The garbage collections so far, of generations 0, 1 and 2.</summary>
        private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

        private static long WorkingSet()
        {
            using var self = Process.GetCurrentProcess();
            return self.WorkingSet64;
        }

        /// <summary>The working set of <paramref name="child"/>, or 0 once it has exited.</summary>
        private static long WorkingSet(Process child)
        {
            try
            {
                child.Refresh();
                return child.WorkingSet64;
            }
            catch (InvalidOperationException)
            {
                // It exited between the wait and the look.
                return 0;
            }
        }

        private static CaseResult RunChild(Case @case)
        {
            var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            var host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
            start.FileName = host;
            // Run as `dotnet Interrupts.Benchmarks.dll`, the host needs the assembly; run by its own executable, not.
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(typeof(MemoryCommand).Assembly.Location);
            }

            start.ArgumentList.Add(CaseArgument);
            start.ArgumentList.Add(@case.Name);
            start.Environment.Remove(HeapHardLimitVariable);
            if (@case.HeapHardLimit is { } hardLimit)
            {
                start.Environment[HeapHardLimitVariable] = $"0x{hardLimit:X}";
            }

            using var child = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {host}.");
            var output = child.StandardOutput.ReadToEndAsync();
            var error = child.StandardError.ReadToEndAsync();
            string? failure = null;
            var started = Stopwatch.GetTimestamp();
            while (!child.WaitForExit(5))
            {
                var workingSet = WorkingSet(child);
                if (workingSet > ChildWorkingSetCap || Stopwatch.GetElapsedTime(started) > ChildTimeout)
                {
                    failure = $"killed at a working set of {workingSet / (double)MB:N0} MB, after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s";
                    child.Kill();
                    child.WaitForExit();
                    break;
                }
            }

            var line = output.Result.Split('\n').FirstOrDefault(l => l.StartsWith(ResultMarker, StringComparison.Ordinal));
            if (failure is null && line is not null)
            {
                return JsonSerializer.Deserialize<CaseResult>(line[ResultMarker.Length..])!;
            }

            var lastError = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            failure ??= $"exit code {child.ExitCode}: {lastError.Trim()}";
            return new CaseResult(null, "-", 0, 0, 0, 0, "-", "-", 0, failure);
        }

        /// <summary>
        /// How long the watch of a limit waits between two looks, <c>Thread.Sleep(1)</c>, in this process while it has
        /// nothing else to do, over 500 sleeps: the median and the longest.
        /// </summary>
        private static (double Median, double Longest) WatchPeriod()
        {
            var sleeps = new List<double>();
            for (var i = 0; i < 500; i++)
            {
                var start = Stopwatch.GetTimestamp();
                Thread.Sleep(1);
                sleeps.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            var sorted = sleeps.Order().ToList();
            return (sorted[sorted.Count / 2], sorted[^1]);
        }

        private static string Markdown(Dictionary<string, List<CaseResult>> results, int runs, (double Median, double Longest) watch)
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; {runs} run{(runs == 1 ? "" : "s")}, a fresh process each. MB = 2^20 bytes; median (lowest–highest).");
            text.AppendLine();
            text.AppendLine("```sh");
            text.AppendLine(BenchmarkRuns.Command("memory", runs == 3 ? [] : [runs.ToString(CultureInfo.InvariantCulture)]));
            text.AppendLine("```");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"The watch's wait between two looks, Thread.Sleep(1), took {watch.Median:0.00} ms in the parent process (the longest {watch.Longest:0.0} ms).");
            text.AppendLine();
            text.AppendLine("| case | woven code | scope | stopped by | thrown in | time to stop | allocated by the thread | past the limit or deadline | peak working set | its growth |");
            text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var @case in Cases)
            {
                var all = results[@case.Name];
                var done = all.Where(r => r.Failure is null).ToList();
                var failed = all.Count - done.Count;
                var stoppedBy = string.Join("; ", all.Select(r => r.Failure ?? r.Exception ?? "nothing").Distinct().Select(e => $"`{e}`"));
                var thrownIn = string.Join("; ", done.Select(r => r.ThrownIn).Distinct().Select(e => $"`{e}`"));
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {@case.Name}{(failed > 0 ? $" ({failed} of {all.Count} failed)" : "")} | {@case.Workload} | {@case.Scope} | {stoppedBy} | {thrownIn} | {Range(done.Select(r => r.Milliseconds), "ms", "0.0")} | {Bytes(done.Select(r => r.Allocated))} | {Past(@case, done)} | {Range(done.Select(r => r.PeakWorkingSet / (double)MB), "MB", "N0")} | {Range(done.Select(r => (r.PeakWorkingSet - r.BaselineWorkingSet) / (double)MB), "MB", "N0")} |");
            }

            text.AppendLine();
            text.AppendLine("How far each run got:");
            text.AppendLine();
            text.AppendLine("| case | run | how far | collections (gen 0/1/2) | GC pauses |");
            text.AppendLine("|---|---|---|---|---|");
            foreach (var @case in Cases)
            {
                var all = results[@case.Name];
                for (var run = 0; run < all.Count; run++)
                {
                    var result = all[run];
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {@case.Name} | {run + 1} | {result.Failure ?? result.Progress} | {result.Collections} | {result.PausedMilliseconds:0.0} ms |");
                }
            }

            return text.ToString();
        }

        /// <summary>How far the runs went past the case's limit (bytes, and a share of the limit) or its deadline.</summary>
        private static string Past(Case @case, IReadOnlyList<CaseResult> runs)
        {
            if (@case.Limit is { } limit)
            {
                return runs.All(r => r.Allocated <= limit)
                    ? "none"
                    : $"{Range(runs.Select(r => (double)(r.Allocated - limit) / MB), "MB", "0.0")}; {Range(runs.Select(r => 100.0 * (r.Allocated - limit) / limit), "%", "0")} of the limit";
            }

            return @case.Deadline is { } deadline ? Range(runs.Select(r => r.Milliseconds - deadline.TotalMilliseconds), "ms", "0.0") : "-";
        }

        /// <summary>The median and range of <paramref name="bytes"/>, in MB, or in KB when the median is less than one.</summary>
        private static string Bytes(IEnumerable<long> bytes)
        {
            var values = bytes.ToList();
            return values.Count > 0 && values.Order().ElementAt(values.Count / 2) < MB
                ? Range(values.Select(b => b / 1024.0), "KB", "N1")
                : Range(values.Select(b => b / (double)MB), "MB", "N1");
        }

        /// <summary>The median and range of <paramref name="values"/> (the median alone when they are all the same, as
        /// <paramref name="format"/> writes them), or a dash when there are none.</summary>
        private static string Range(IEnumerable<double> values, string unit, string format)
        {
            var sorted = values.Order().ToList();
            if (sorted.Count == 0)
            {
                return "-";
            }

            var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            string Write(double value) => value.ToString(format, CultureInfo.InvariantCulture);
            var range = Write(sorted[0]) == Write(sorted[^1]) ? "" : $" ({Write(sorted[0])}–{Write(sorted[^1])})";
            return $"{Write(median)} {unit}{range}";
        }

        /// <summary>
        /// A case: its name, the woven code it runs and the scope around it (as the table says them), the allocation limit
        /// or the deadline of that scope if any, the runtime's heap limit for its process if any, and what runs the woven
        /// code and says how far it got.
        /// </summary>
        private sealed record Case(string Name, string Workload, string Scope, long? Limit, TimeSpan? Deadline, long? HeapHardLimit,
            Func<WovenCopies, (Action Run, Func<string> Progress)> Prepare);

        /// <summary>
        /// One run of a case: the exception that stopped it and the first method outside the runtime on its stack, the
        /// time from opening the scope to the catch, the bytes the thread allocated meanwhile, the working set before
        /// and at its peak, how far it got, the garbage collections of each generation and the time they paused the
        /// process; or why the process gave no result.
        /// </summary>
        private sealed record CaseResult(string? Exception, string ThrownIn, double Milliseconds, long Allocated, long BaselineWorkingSet,
            long PeakWorkingSet, string Progress, string Collections, double PausedMilliseconds, string? Failure);
    }
}
