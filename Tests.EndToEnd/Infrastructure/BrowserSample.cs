using System;
using System.IO;
using System.Threading.Tasks;
using Tests.Infrastructure;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>
/// The browser samples, once for the tests of a class: samples/BrowserHost built (which publishes samples/BrowserApp,
/// woven by Fody, and samples/BrowserRepl), served twice, with the cross-origin isolation headers and without them, and a headless Chromium to
/// open it in.
/// </summary>
public sealed class BrowserSample : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    private SampleServer? isolated;
    private SampleServer? notIsolated;
    private Chromium? browser;

    /// <summary>What the build printed, at the normal verbosity that shows what the weaver did.</summary>
    public string BuildOutput { get; private set; } = "";

    /// <summary>The page, served cross-origin isolated.</summary>
    public Uri IsolatedUrl => isolated!.Url;

    /// <summary>The page, served without the cross-origin isolation headers.</summary>
    public Uri NotIsolatedUrl => notIsolated!.Url;

    /// <summary>The browser REPL's page, served cross-origin isolated.</summary>
    public Uri IsolatedReplUrl => new(isolated!.Url, "repl/");

    /// <summary>The browser REPL's page, served without the cross-origin isolation headers.</summary>
    public Uri NotIsolatedReplUrl => new(notIsolated!.Url, "repl/");

    public Chromium Browser => browser!;

    public async Task InitializeAsync()
    {
        // First, so that a machine without Chromium fails at once, saying so.
        browser = await Chromium.StartAsync();

        // Without its woven assembly the build compiles BrowserApp again, so that Fody weaves it and the log says so;
        // an up-to-date build would skip both. A fresh clone has neither the assembly nor its folder.
        var intermediate = Path.Combine(Repository.Root, "samples", "BrowserApp", "obj", "Release", "net10.0", "BrowserApp.dll");
        if (File.Exists(intermediate))
        {
            File.Delete(intermediate);
        }

        BuildOutput = Command.Run(
            Repository.Root, Command.BuildEnvironment, BuildTimeout,
            "dotnet", "build", Path.Combine("samples", "BrowserHost", "BrowserHost.csproj"), "--verbosity", "normal").Succeeded().Output;
        isolated = await SampleServer.StartAsync(isolated: true);
        notIsolated = await SampleServer.StartAsync(isolated: false);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        isolated?.Dispose();
        notIsolated?.Dispose();
    }
}
