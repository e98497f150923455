using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using LibraryWorkloads;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// How long after <see cref="InterruptBuffer.Raise"/> on one thread the woven code on another throws
    /// <see cref="KeyboardInterruptException"/>: the time a user waits after Ctrl+C or a Cancel button.
    /// </summary>
    /// <remarks>
    /// A dedicated measurement rather than a BenchmarkDotNet one, because what matters is the distribution of single
    /// delays (p50, p99), not the mean of repeated calls. The interrupt is raised at a random moment of the workload.
    /// </remarks>
    public static class InterruptLatency
    {
        private const int WarmUpTrials = 50;

        public static void Run(int trials)
        {
            var woven = new WovenCopies("Workloads", "Newtonsoft.Json");
            woven.AddCaller("LibraryWorkloads");
            var data = Enumerable.Range(0, 4096).ToArray();
            var sumArray = woven.Method<Action<int[]>>("Workloads", "Workloads.Endless", "SumArray");
            var fibonacci = woven.Method<Action>("Workloads", "Workloads.Endless", "Fibonacci");
            var jsonRoundTrip = woven.Method<Func<string, string>>("LibraryWorkloads", "LibraryWorkloads.Workloads", nameof(LibraryWorkloads.Workloads.JsonRoundTrip));
            var json = Documents.Json(seed: 1, minimumLength: 1 << 16);

            Console.WriteLine($"Time from InterruptBuffer.Raise() on one thread to KeyboardInterruptException in woven code on another, {trials} trials each after {WarmUpTrials} to warm up, at the default Interval (1000):");
            Console.WriteLine();
            Console.WriteLine("| workload | p50 | p99 | max |");
            Console.WriteLine("|---|---|---|---|");
            Report("tight loop (sum of a 4096-int array, over and over)", Measure(() => sumArray(data), trials));
            Report("recursion (fib(27), over and over)", Measure(fibonacci, trials));
            Report("Newtonsoft.Json, woven (round-trip of a 64 KB document, over and over)", Measure(() => { while (true) jsonRoundTrip(json); }, trials));
        }

        private static void Report(string workload, IReadOnlyList<double> microseconds) =>
            Console.WriteLine($"| {workload} | {Percentile(microseconds, 0.50):0.0} µs | {Percentile(microseconds, 0.99):0.0} µs | {microseconds[^1]:0.0} µs |");

        private static double Percentile(IReadOnlyList<double> sorted, double fraction) =>
            sorted[(int)Math.Ceiling(fraction * sorted.Count) - 1];

        /// <summary>Runs <paramref name="endless"/> on a thread of its own, interrupts it again and again, and returns the
        /// delays in microseconds, sorted.</summary>
        private static IReadOnlyList<double> Measure(Action endless, int trials)
        {
            var buffer = new InterruptBuffer();
            var random = new Random(20261126);
            using var running = new SemaphoreSlim(0);
            using var stopped = new SemaphoreSlim(0);
            long stoppedAt = 0;
            var worker = new Thread(() =>
            {
                for (var trial = 0; trial < WarmUpTrials + trials; trial++)
                {
                    try
                    {
                        using (Interrupt.Check(buffer))
                        {
                            running.Release();
                            endless();
                        }
                    }
                    catch (KeyboardInterruptException)
                    {
                        stoppedAt = Stopwatch.GetTimestamp();
                    }

                    stopped.Release();
                }
            });
            worker.Start();

            var delays = new List<double>();
            for (var trial = 0; trial < WarmUpTrials + trials; trial++)
            {
                running.Wait();
                BusyWait(TimeSpan.FromMicroseconds(random.Next(100, 2000)));
                var raisedAt = Stopwatch.GetTimestamp();
                buffer.Raise();
                stopped.Wait();
                if (trial >= WarmUpTrials)
                {
                    delays.Add(Stopwatch.GetElapsedTime(raisedAt, Volatile.Read(ref stoppedAt)).TotalMicroseconds);
                }
            }

            worker.Join();
            delays.Sort();
            return delays;
        }

        /// <summary>Waits without sleeping, which would give away the core and add the scheduler's delay to the start.</summary>
        private static void BusyWait(TimeSpan time)
        {
            var start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(start) < time)
            {
                Thread.SpinWait(10);
            }
        }
    }
}
