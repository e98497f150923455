using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Tests.EndToEnd.Infrastructure;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// The browser sample in headless Chromium: .NET on WebAssembly counts primes in a Web Worker, in woven code, and the
/// page stops it through a SharedArrayBuffer cell, the scenario pyodide_interrupts was written for. Unwoven, the code
/// never reads the cell: the cancel never arrives and the tests fail at their time-out.
/// </summary>
public sealed partial class BrowserTests(BrowserSample sample) : IClassFixture<BrowserSample>
{
    /// <summary>Far more than the woven code ever takes to stop (milliseconds), far less than the job takes to end.</summary>
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The first job counts the primes below this: hours of work, which only a cancel ends.</summary>
    private const int EndlessLimit = 2_000_000_000;

    private const int SecondJobLimit = 1_000_000;

    [Fact]
    public void BuildLogSaysTheBrowserAppWasWoven()
    {
        var woven = WovePattern().Match(sample.BuildOutput);

        Assert.True(woven.Success, sample.BuildOutput);
        Assert.True(int.Parse(woven.Groups[1].Value) > 0);
    }

    [Fact]
    public async Task ServedWithTheHeadersThePageIsCrossOriginIsolated()
    {
        await using var page = await OpenReadyPageAsync();

        Assert.Equal("cross-origin isolated: yes", await page.TextAsync("#isolation"));
    }

    [Fact]
    public async Task CancelStopsTheRunningJobWithKeyboardInterruptWithinASecond()
    {
        await using var page = await OpenReadyPageAsync();
        await StartAsync(page, EndlessLimit);

        await CancelAsync(page);

        Assert.InRange(int.Parse((await page.AttributeAsync("#status", "data-latency-ms"))!), 0, 999);
        Assert.Contains("KeyboardInterrupt", await page.TextAsync("#status"));
        Assert.InRange(long.Parse((await page.AttributeAsync("#status", "data-checked"))!), 1, EndlessLimit - 1);
        Assert.Matches(@"^Job 1: KeyboardInterrupt at [\d,]+ \([\d,]+ primes found\), \d+ ms after Cancel", await page.TextAsync("#log li"));
    }

    [Fact]
    public async Task AfterACancelTheSameWorkerRunsTheNextJobToTheRightAnswer()
    {
        await using var page = await OpenReadyPageAsync();
        await StartAsync(page, EndlessLimit);
        await CancelAsync(page);

        await StartAsync(page, SecondJobLimit);
        await page.WaitForStateAsync("done", TimeSpan.FromMinutes(1));

        Assert.Equal(PrimesBelow(SecondJobLimit).ToString(), await page.AttributeAsync("#status", "data-found"));
        Assert.Equal("2", await page.AttributeAsync("#status", "data-job"));
        // What the page looks like after a cancel and the next job; docs/browser-sample.png is one.
        var screenshot = Path.Combine(Repository.Root, "TestResults", "browser-sample.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await File.WriteAllBytesAsync(screenshot, await page.ScreenshotAsync());
    }

    [Fact]
    public async Task WithoutTheHeadersThePageSaysWhichAreMissingAndWhyCancelCannotWork()
    {
        await using var page = await sample.Browser.OpenAsync(sample.NotIsolatedUrl);
        await page.WaitForStateAsync("not-isolated", TimeSpan.FromMinutes(1));

        Assert.Equal("cross-origin isolated: no", await page.TextAsync("#isolation"));
        var explanation = await page.TextAsync("#isolation-problem");
        Assert.Contains("did not send the header Cross-Origin-Opener-Policy: same-origin", explanation);
        Assert.Contains("did not send the header Cross-Origin-Embedder-Policy: require-corp", explanation);
        Assert.Contains("no SharedArrayBuffer", explanation);
        Assert.Contains("Cancel could not stop a job", explanation);
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('start').disabled && document.getElementById('cancel').disabled"));
    }

    /// <summary>Opens the isolated page and waits until .NET has started in its worker.</summary>
    private async Task<BrowserPage> OpenReadyPageAsync()
    {
        var page = await sample.Browser.OpenAsync(sample.IsolatedUrl);
        await page.WaitForStateAsync("ready", TimeSpan.FromMinutes(1));
        return page;
    }

    /// <summary>Asks for the primes below <paramref name="limit"/> and clicks Start.</summary>
    private static async Task StartAsync(BrowserPage page, int limit)
    {
        await page.EvaluateAsync($"document.getElementById('limit').value = '{limit}'");
        await page.ClickAsync("#start");
        await page.WaitForStateAsync("running", TimeSpan.FromSeconds(5));
    }

    /// <summary>Lets the job run for a second, clicks Cancel and waits for the KeyboardInterrupt.</summary>
    private static async Task CancelAsync(BrowserPage page)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("running", await page.AttributeAsync("#status", "data-state"));
        await page.ClickAsync("#cancel");
        await page.WaitForStateAsync("interrupted", CancelTimeout);
    }

    /// <summary>The number of primes below <paramref name="limit"/>, by the sieve of Eratosthenes: not the sample's
    /// trial division.</summary>
    private static int PrimesBelow(int limit)
    {
        var composite = new bool[limit];
        for (var n = 2; (long)n * n < limit; n++)
        {
            if (!composite[n])
            {
                for (var multiple = n * n; multiple < limit; multiple += n)
                {
                    composite[multiple] = true;
                }
            }
        }

        return Enumerable.Range(2, limit - 2).Count(n => !composite[n]);
    }

    [GeneratedRegex(@"Fody/Interrupts: wove \d+ methods of BrowserApp, inserting (\d+) checkpoints\.")]
    private static partial Regex WovePattern();
}
