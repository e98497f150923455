using System;
using System.IO;
using System.Threading.Tasks;
using Tests.EndToEnd.Infrastructure;
using Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tests.EndToEnd;

/// <summary>
/// The browser REPL in headless Chromium, the seed's own scenario: C# typed into the page is compiled by Roslyn, woven
/// and run by .NET on WebAssembly in a Web Worker, and Cancel stops it through a SharedArrayBuffer cell, leaving the
/// worker and every variable as they were.
/// </summary>
public sealed class BrowserReplTests(BrowserSample sample, ITestOutputHelper output) : IClassFixture<BrowserSample>
{
    /// <summary>Far more than woven code takes to stop (milliseconds), far less than an endless loop runs.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Starting .NET and warming up Roslyn in the worker, and compiling a first submission, on a busy machine.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

    private const string PrintingLoop = "long n = 0;\nfor (var i = 0; ; i++)\n{\n    n = i;\n    Console.WriteLine(i);\n    if (i % 1000 == 0) Console.WriteLine(\"check\");\n}";

    [Fact]
    public async Task LinesOfAPrintingLoopArriveWhileItRunsAndCancelStopsItWithKeyboardInterruptWithinASecond()
    {
        await using var page = await OpenReplAsync();
        await StartAsync(page, PrintingLoop);

        // Still running, and the page already shows what it printed.
        await page.WaitForAsync("Number(document.querySelector('#transcript .submission:last-child .output')?.dataset.lines) > 1000", StopTimeout);
        Assert.Equal("running", await page.AttributeAsync("#status", "data-state"));
        await CancelAsync(page);

        Assert.InRange(int.Parse((await page.AttributeAsync("#status", "data-latency-ms"))!), 0, 999);
        Assert.Equal("KeyboardInterrupt", await LastLineAsync(page, "exception"));
        Assert.Contains("\ncheck\n", await page.TextAsync("#transcript .submission:last-child .output"));
        output.WriteLine($"Stopped {await page.AttributeAsync("#status", "data-latency-ms")} ms after Cancel; {await page.TextAsync("#status")}");
    }

    [Fact]
    public async Task LongOutputShowsItsLast20000CharactersAndCountsTheLinesBeforeThem()
    {
        await using var page = await OpenReplAsync();

        // 23,890 characters, then a line in a batch of its own: the page must keep most of the first, not only the line.
        await RunAsync(page, "for (var i = 0; i < 5000; i++) Console.WriteLine(i);\nConsole.Out.Flush();\nConsole.WriteLine(\"the last line\");");

        const string Output = "#transcript .submission:last-child .output";
        var shown = (await page.TextAsync(Output))!;
        var dropped = int.Parse((await page.AttributeAsync(Output, "data-dropped"))!);
        Assert.Equal("5001", await page.AttributeAsync(Output, "data-lines"));
        // Whole lines only are dropped, so what is shown falls short of the limit by less than one line.
        Assert.InRange(shown.Length, 20_000 - 4, 20_000);
        Assert.EndsWith("4999\nthe last line\n", shown);
        Assert.Equal(5001, dropped + shown.Split('\n').Length - 1);
    }

    [Fact]
    public async Task NextSubmissionSeesTheVariablesOfTheEarlierOnesAndOfTheCancelledOne()
    {
        await using var page = await OpenReplAsync();
        await RunAsync(page, "var greeting = \"hello\";");
        await StartAsync(page, PrintingLoop);
        await CancelAsync(page);

        await RunAsync(page, "$\"{greeting}, {n > 0}\"");

        Assert.Equal("done", await page.AttributeAsync("#status", "data-state"));
        Assert.Equal("\"hello, True\"", await LastLineAsync(page, "value"));
        await File.WriteAllBytesAsync(ScreenshotPath(), await page.ScreenshotAsync());
    }

    [Fact]
    public async Task CompileErrorShowsItsLineAndColumn()
    {
        await using var page = await OpenReplAsync();

        await RunAsync(page, "var x = 1;\nFib(x)");

        Assert.Equal("compile-error", await page.AttributeAsync("#status", "data-state"));
        Assert.Equal("(2,1): error CS0103: The name 'Fib' does not exist in the current context", await LastLineAsync(page, "diagnostic"));
    }

    [Fact]
    public async Task RuntimeExceptionShowsItsTypeAndMessage()
    {
        await using var page = await OpenReplAsync();

        await RunAsync(page, "int.Parse(\"ten\")");

        Assert.Equal("exception", await page.AttributeAsync("#status", "data-state"));
        Assert.Equal("FormatException: The input string 'ten' was not in a correct format.", await LastLineAsync(page, "exception"));
    }

    [Fact]
    public async Task DeadlineSetOnThePageStopsAnEndlessLoop()
    {
        await using var page = await OpenReplAsync();
        await page.TypeAsync("#deadline", "0.5");

        await RunAsync(page, "while (true) { }");

        Assert.Equal("DeadlineExceededException: The code ran longer than its deadline of 0.5 s.", await LastLineAsync(page, "exception"));
    }

    [Fact]
    public async Task BudgetSetOnThePageStopsAnEndlessLoop()
    {
        await using var page = await OpenReplAsync();
        await page.TypeAsync("#budget", "1000000");

        await RunAsync(page, "while (true) { }");

        Assert.Equal("InstructionBudgetExceededException: The code ran out of its budget of 1000000 IL instructions.", await LastLineAsync(page, "exception"));
    }

    [Fact]
    public async Task EndlessRecursionIsCutByTheStackGuardAndTheWorkerGoesOn()
    {
        await using var page = await OpenReplAsync();

        await RunAsync(page, "int Down(int d) => Down(d + 1) + 1;\nDown(0)");
        var cut = await LastLineAsync(page, "exception");
        await RunAsync(page, "1 + 1");

        Assert.StartsWith("InsufficientExecutionStackException: ", cut);
        Assert.Equal("2", await LastLineAsync(page, "value"));
    }

    [Fact]
    public async Task CancelStopsUntrustedCodeSpinningInAFinallyBlock()
    {
        await using var page = await OpenReplAsync();
        await StartAsync(page, "try { } finally { while (true) { } }");

        await CancelAsync(page);

        Assert.Equal("KeyboardInterrupt", await LastLineAsync(page, "exception"));
    }

    [Fact]
    public async Task WithoutTheHeadersThePageSaysWhyCancelCannotWorkAndRunIsDisabled()
    {
        await using var page = await sample.Browser.OpenAsync(sample.NotIsolatedReplUrl);
        await page.WaitForStateAsync("not-isolated", StartTimeout);

        var explanation = await page.TextAsync("#isolation-problem");
        Assert.Contains("did not send the header Cross-Origin-Opener-Policy: same-origin", explanation);
        Assert.Contains("did not send the header Cross-Origin-Embedder-Policy: require-corp", explanation);
        Assert.Contains("Cancel could not stop your code", explanation);
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('run').disabled"));
    }

    /// <summary>Opens the isolated REPL and waits until .NET and Roslyn have started in its worker.</summary>
    private async Task<BrowserPage> OpenReplAsync()
    {
        var page = await sample.Browser.OpenAsync(sample.IsolatedReplUrl);
        await page.WaitForStateAsync("ready", StartTimeout);
        output.WriteLine(await page.TextAsync("#status"));
        return page;
    }

    /// <summary>Types <paramref name="code"/> and clicks Run.</summary>
    private static async Task StartAsync(BrowserPage page, string code)
    {
        var runs = await page.EvaluateAsync<int>("document.querySelectorAll('#transcript .submission').length");
        await page.TypeAsync("#code", code);
        await page.ClickAsync("#run");
        await page.WaitForAsync($"document.querySelectorAll('#transcript .submission').length === {runs + 1}", StopTimeout);
    }

    /// <summary>Types <paramref name="code"/>, clicks Run and waits for the submission to end.</summary>
    private async Task RunAsync(BrowserPage page, string code)
    {
        await StartAsync(page, code);
        await page.WaitForAsync("document.getElementById('status').dataset.state !== 'running'", StartTimeout);
        output.WriteLine(await page.TextAsync("#status"));
    }

    /// <summary>Lets the submission run for a second, clicks Cancel and waits for it to stop.</summary>
    private static async Task CancelAsync(BrowserPage page)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("running", await page.AttributeAsync("#status", "data-state"));
        await page.ClickAsync("#cancel");
        await page.WaitForStateAsync("interrupted", StopTimeout);
    }

    /// <summary>The last line of the kind <paramref name="kind"/> (output, value, diagnostic, exception) of the last submission.</summary>
    private static async Task<string?> LastLineAsync(BrowserPage page, string kind) =>
        await page.EvaluateAsync<string?>(
            $"([...document.querySelectorAll('#transcript .submission:last-child .{kind}')].pop()?.textContent ?? '').trimEnd().split('\\n').pop() || null");

    private static string ScreenshotPath()
    {
        // What the page looks like after a cancel and the next submission; docs/browser-repl.png is one.
        var path = Path.Combine(Repository.Root, "TestResults", "browser-repl.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
