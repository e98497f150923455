using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PuppeteerSharp;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>
/// Headless Chromium from the machine's packages (Debian's <c>chromium</c>), driven by PuppeteerSharp: its own browser
/// download cannot work here, so it is given the one on PATH and never fetches one. Each instance has a fresh profile
/// in a temporary folder, which PuppeteerSharp deletes when the browser closes.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly IBrowser browser;
    private readonly ConcurrentQueue<string> events = new();

    private Chromium(IBrowser browser) => this.browser = browser;

    /// <summary>Starts headless Chromium, or fails the test saying how to install it.</summary>
    public static async Task<Chromium> StartAsync()
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException(
                "Chromium is not installed: no `chromium` on PATH. The browser tests drive Debian's package; install it with "
                + "`apt-get update && apt-get install -y chromium` (.ci/run does).");
        return new Chromium(await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Root in a container has no sandbox to run in; a headless virtual machine has no GPU.
            Args = ["--no-sandbox", "--disable-gpu"],
            // Room for the sample page's longer lines and its log (PuppeteerSharp's default viewport is 800 x 600).
            DefaultViewport = new ViewPortOptions { Width = 1000, Height = 720 },
        }));
    }

    /// <summary>What the pages and their workers printed to their consoles and the exceptions they did not catch, for
    /// failure messages.</summary>
    public string Events => string.Join('\n', events);

    /// <summary>Opens a new tab on <paramref name="url"/> and waits for it to load; dispose it to close it.</summary>
    public async Task<BrowserPage> OpenAsync(Uri url)
    {
        var page = await browser.NewPageAsync();
        // PuppeteerSharp raises these for the page's dedicated workers too, where the sample runs .NET.
        page.Console += (_, e) => events.Enqueue(
            $"console.{e.Message.Type.ToString().ToLowerInvariant()}: {e.Message.Text}"
            // Chromium's own messages, such as a failed load, name the resource only here.
            + (string.IsNullOrEmpty(e.Message.Location?.URL) ? "" : $" ({e.Message.Location.URL})"));
        page.PageError += (_, e) => events.Enqueue($"uncaught: {e.Message}");
        await page.GoToAsync(url.ToString());
        return new BrowserPage(this, page);
    }

    // PuppeteerSharp asks the browser to close, kills it if it does not exit, and deletes the temporary profile.
    public ValueTask DisposeAsync() => browser.DisposeAsync();

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "chromium"))
            .FirstOrDefault(File.Exists);
}
