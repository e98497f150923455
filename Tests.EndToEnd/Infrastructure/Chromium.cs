using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>
/// Headless Chromium from the machine's packages (Debian's <c>chromium</c>), driven through the DevTools protocol over
/// a WebSocket: the tools that download a browser of their own cannot here, and this needs no package. Each instance
/// has a fresh profile in a temporary folder, deleted with it.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> pending = new();
    private readonly ConcurrentQueue<string> events = new();
    private readonly SemaphoreSlim sending = new(1, 1);
    private readonly Task receiving;
    private int lastId;

    private Chromium(Process process, string profile, Uri endpoint)
    {
        this.process = process;
        this.profile = profile;
        using (var connecting = new CancellationTokenSource(StartTimeout))
        {
            socket.ConnectAsync(endpoint, connecting.Token).GetAwaiter().GetResult();
        }

        receiving = Task.Run(Receive);
    }

    /// <summary>Starts headless Chromium, or fails the test saying how to install it.</summary>
    public static Chromium Start()
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException(
                "Chromium is not installed: no `chromium` on PATH. The browser tests drive Debian's package; install it with "
                + "`apt-get update && apt-get install -y chromium` (.ci/run does).");
        var profile = Directory.CreateTempSubdirectory("interrupts-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--window-size=1000,720", "--remote-debugging-port=0",
            $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Chromium writes the port it chose, and the browser's WebSocket path, into this file once it listens.
        var activePort = Path.Combine(profile, "DevToolsActivePort");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var lines = File.Exists(activePort) ? File.ReadAllLines(activePort) : [];
            if (lines.Length >= 2)
            {
                return new Chromium(process, profile, new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}"));
            }

            if (process.HasExited || clock.Elapsed > StartTimeout)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.WaitForExit();
                Directory.Delete(profile, recursive: true);
                lock (output)
                {
                    throw new InvalidOperationException($"{executable} did not open its DevTools port within {StartTimeout.TotalSeconds:0} s:\n{output}");
                }
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>What the pages printed to their consoles and the exceptions they did not catch, for failure messages.</summary>
    public string Events => string.Join('\n', events);

    /// <summary>Opens a new tab on <paramref name="url"/>; dispose it to close it.</summary>
    public async Task<BrowserPage> OpenAsync(Uri url)
    {
        var targetId = (await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }))["targetId"]!.GetValue<string>();
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = targetId, ["flatten"] = true });
        var page = new BrowserPage(this, targetId, attached["sessionId"]!.GetValue<string>());
        await page.SendAsync("Runtime.enable");
        await page.SendAsync("Page.enable");
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        return page;
    }

    /// <summary>Sends a DevTools command, to the browser or to the page of <paramref name="sessionId"/>, and returns its
    /// result; an error reply or no reply within 30 s throws.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, string? sessionId = null)
    {
        var id = Interlocked.Increment(ref lastId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        await sending.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            sending.Release();
        }

        var answer = await reply.Task.WaitAsync(CommandTimeout);
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException($"DevTools {method} failed: {error.ToJsonString()}");
        }

        return answer["result"]!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("Browser.close");
        }
        catch (Exception exception) when (exception is InvalidOperationException or WebSocketException or TimeoutException)
        {
            // Killed below.
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        socket.Dispose();
        await receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        process.Dispose();
        Directory.Delete(profile, recursive: true);
    }

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "chromium"))
            .FirstOrDefault(File.Exists);

    private async Task Receive()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    Dispatch(JsonNode.Parse(message.ToArray())!.AsObject());
                    message.SetLength(0);
                }
            }
        }
        finally
        {
            // Nothing more will come: commands still waiting fail now instead of at their time-out.
            foreach (var reply in pending.Values)
            {
                reply.TrySetException(new InvalidOperationException("The DevTools connection to Chromium closed."));
            }
        }
    }

    private void Dispatch(JsonObject message)
    {
        if (message["id"] is { } id)
        {
            if (pending.TryRemove(id.GetValue<int>(), out var reply))
            {
                reply.SetResult(message);
            }

            return;
        }

        switch (message["method"]?.GetValue<string>())
        {
            case "Runtime.consoleAPICalled":
                var arguments = message["params"]!["args"]!.AsArray().Select(a => a!["value"]?.ToJsonString() ?? a!["description"]?.GetValue<string>());
                events.Enqueue($"console.{message["params"]!["type"]}: {string.Join(' ', arguments)}");
                break;
            case "Runtime.exceptionThrown":
                events.Enqueue($"uncaught: {message["params"]!["exceptionDetails"]!.ToJsonString()}");
                break;
        }
    }
}
