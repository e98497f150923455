using System;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>A tab of <see cref="Chromium"/>: evaluates script in it, waits for it, clicks in it and photographs it.
/// Disposing it closes the tab, and with it any worker still busy.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly Chromium browser;
    private readonly string targetId;
    private readonly string sessionId;

    internal BrowserPage(Chromium browser, string targetId, string sessionId)
    {
        this.browser = browser;
        this.targetId = targetId;
        this.sessionId = sessionId;
    }

    /// <summary>Sends a DevTools command to this page.</summary>
    public Task<JsonObject> SendAsync(string method, JsonObject? parameters = null) => browser.SendAsync(method, parameters, sessionId);

    /// <summary>The value of the JavaScript <paramref name="expression"/> (awaited when it is a promise), as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"`{expression}` threw: {exception.ToJsonString()}");
        }

        return result["result"]!["value"];
    }

    /// <summary>The text content of the element <paramref name="selector"/> (CSS), or null when there is none.</summary>
    public async Task<string?> TextAsync(string selector) =>
        (await EvaluateAsync($"document.querySelector({Quote(selector)})?.textContent"))?.GetValue<string>();

    /// <summary>The attribute <paramref name="name"/> of the element <paramref name="selector"/>, or null.</summary>
    public async Task<string?> AttributeAsync(string selector, string name) =>
        (await EvaluateAsync($"document.querySelector({Quote(selector)})?.getAttribute({Quote(name)})"))?.GetValue<string>();

    /// <summary>
    /// Waits until the JavaScript <paramref name="condition"/> is true, checking every 20 ms; fails the test with the
    /// page's text and console after <paramref name="timeout"/>. Returns how long it waited. The page may still be
    /// loading: a condition that cannot be evaluated yet counts as false.
    /// </summary>
    public async Task<TimeSpan> WaitForAsync(string condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await EvaluateAsync($"Boolean({condition})"))?.GetValue<bool>() == true)
                {
                    return clock.Elapsed;
                }
            }
            catch (InvalidOperationException) when (clock.Elapsed < timeout)
            {
                // Navigating: no document to evaluate in yet.
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"`{condition}` was not true within {timeout.TotalSeconds:0.#} s. The page shows:\n"
                    + $"{await EvaluateAsync("document.body?.innerText")}\nIts console:\n{browser.Events}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Clicks the middle of the element <paramref name="selector"/> with the mouse, as a user does.</summary>
    public async Task ClickAsync(string selector)
    {
        var box = await EvaluateAsync(
            $"(() => {{ const r = document.querySelector({Quote(selector)}).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()");
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
        {
            await SendAsync("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type,
                ["x"] = box![0]!.GetValue<double>(),
                ["y"] = box[1]!.GetValue<double>(),
                ["button"] = "left",
                ["clickCount"] = 1,
            });
        }
    }

    /// <summary>A PNG of what the page shows.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync() => await browser.SendAsync("Target.closeTarget", new JsonObject { ["targetId"] = targetId });

    private static string Quote(string text) => JsonValue.Create(text).ToJsonString();
}
