using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using PuppeteerSharp;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// What the checks cost in Mono's interpreter: the browser REPL runs the same submissions woven (inside its
    /// <c>Check</c> scope, reading the interrupt cell every 10,000 instructions) and unwoven (<c>?weave=off</c>), in
    /// headless Chromium, and the page times each run. BenchmarkDotNet cannot run in a browser; this takes the median of
    /// several runs of each, alternating pages, after one warm-up run.
    /// </summary>
    public static partial class BrowserCommand
    {
        public const string Usage = "dotnet run -c Release --project bench/Interrupts.Benchmarks -- browser [RUNS]";

        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

        private static readonly (string Name, string Code)[] Workloads =
        [
            ("array sum", "var data = new int[1_000_000]; for (var i = 0; i < data.Length; i++) data[i] = i; long sum = 0; for (var r = 0; r < 10; r++) for (var i = 0; i < data.Length; i++) sum += data[i]; sum"),
            ("primes by trial division", "var found = 0; for (var n = 2; n < 200_000; n++) { var prime = true; for (var d = 2; d * d <= n; d++) if (n % d == 0) { prime = false; break; } if (prime) found++; } found"),
            ("recursive fib", "int Fib(int k) => k < 2 ? k : Fib(k - 1) + Fib(k - 2); Fib(24)"),
            ("the browser sample's count of primes (its PrimeCounter, below 200,000)", PrimeCounter),
        ];

        /// <summary>samples/BrowserApp/PrimeCounter.cs, as a submission: what the browser sample counts in its Check scope.</summary>
        private const string PrimeCounter =
            "class PrimeCounter { public int Checked; public int Found; "
            + "public void CountBelow(int limit) { for (var n = 2; n < limit; n++) { if (IsPrime(n)) { Found++; } Checked = n; } } "
            + "static bool IsPrime(int n) { for (var divisor = 2; divisor <= n / divisor; divisor++) { if (n % divisor == 0) { return false; } } return true; } } "
            + "var counter = new PrimeCounter(); counter.CountBelow(200_000); counter.Found";

        public static async Task<int> RunAsync(int runs)
        {
            var host = StartHost(out var url);
            try
            {
                return await MeasureAsync(url, runs);
            }
            finally
            {
                host.Kill(entireProcessTree: true);
                host.Dispose();
            }
        }

        private static async Task<int> MeasureAsync(Uri url, int runs)
        {
            await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = FindChromium(),
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu"],
            });
            var woven = await OpenAsync(browser, new Uri(url, "repl/"));
            var unwoven = await OpenAsync(browser, new Uri(url, "repl/?weave=off"));
            Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {runs} runs of each after one warm-up, median (lowest-highest):");
            Console.WriteLine();
            Console.WriteLine("| submission | unwoven | woven, in the REPL's Check scope | woven / unwoven |");
            Console.WriteLine("|---|---|---|---|");
            var ratios = new List<double>();
            foreach (var (name, code) in Workloads)
            {
                var times = new Dictionary<IPage, List<double>> { [woven] = [], [unwoven] = [] };
                for (var run = 0; run <= runs; run++)
                {
                    foreach (var page in new[] { unwoven, woven })
                    {
                        var milliseconds = await RunAsync(page, code);
                        if (run > 0)
                        {
                            times[page].Add(milliseconds);
                        }
                    }
                }

                var ratio = Median(times[woven]) / Median(times[unwoven]);
                ratios.Add(ratio);
                Console.WriteLine(FormattableString.Invariant($"| {name} | {Describe(times[unwoven])} | {Describe(times[woven])} | {ratio:0.00} |"));
            }

            Console.WriteLine(FormattableString.Invariant($"| **geometric mean** | | | {Math.Exp(ratios.Average(Math.Log)):0.00} |"));
            return 0;
        }

        private static async Task<IPage> OpenAsync(IBrowser browser, Uri url)
        {
            var page = await browser.NewPageAsync();
            await page.GoToAsync(url.ToString());
            await page.WaitForExpressionAsync("document.getElementById('status')?.dataset.state === 'ready'", new WaitForFunctionOptions { Timeout = (int)Patience.TotalMilliseconds });
            return page;
        }

        /// <summary>Runs <paramref name="code"/> on <paramref name="page"/> and returns how long it ran, as the page says.</summary>
        private static async Task<double> RunAsync(IPage page, string code)
        {
            var runs = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#transcript .submission').length");
            // Clicked through the DOM: a mouse click needs the tab in front, and two tabs take turns here.
            await page.EvaluateFunctionAsync("code => { document.getElementById('code').value = code; document.getElementById('run').click(); }", code);
            await page.WaitForExpressionAsync(
                $"document.querySelectorAll('#transcript .submission').length === {runs + 1} && document.getElementById('status').dataset.state !== 'running'",
                new WaitForFunctionOptions { Timeout = (int)Patience.TotalMilliseconds, PollingInterval = 20 });
            var state = await page.EvaluateExpressionAsync<string>("document.getElementById('status').dataset.state");
            if (state != "done")
            {
                throw new InvalidOperationException($"`{code}` ended {state}: {await page.EvaluateExpressionAsync<string>("document.getElementById('transcript').lastElementChild.innerText")}");
            }

            return double.Parse(await page.EvaluateExpressionAsync<string>("document.getElementById('status').dataset.runMs"), CultureInfo.InvariantCulture);
        }

        /// <summary>Starts samples/BrowserHost (which builds and publishes the browser apps) on a free port.</summary>
        private static Process StartHost(out Uri url)
        {
            var start = new ProcessStartInfo("dotnet", ["run", "--project", Path.Combine(BuildTime.RepositoryRoot(), "samples", "BrowserHost"), "--", "--port", "0"])
            {
                RedirectStandardOutput = true,
            };
            var host = Process.Start(start)!;
            while (host.StandardOutput.ReadLine() is { } line)
            {
                if (ServingPattern().Match(line) is { Success: true } match)
                {
                    url = new Uri(match.Groups[1].Value);
                    return host;
                }
            }

            throw new InvalidOperationException("samples/BrowserHost ended without serving.");
        }

        private static string FindChromium() =>
            (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, "chromium"))
                .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("No `chromium` on the PATH: apt-get install chromium.");

        private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

        private static string Describe(List<double> values) =>
            FormattableString.Invariant($"{Median(values):0} ms ({values.Min():0}-{values.Max():0})");

        [GeneratedRegex(@"^Serving the browser sample at (http://\S+) ")]
        private static partial Regex ServingPattern();
    }
}
