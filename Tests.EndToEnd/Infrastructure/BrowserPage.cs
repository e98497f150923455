using System;
using System.Threading.Tasks;
using PuppeteerSharp;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>A tab of <see cref="Chromium"/>: evaluates script in it, waits for it, clicks in it and photographs it.
/// Disposing it closes the tab, and with it any worker still busy.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly Chromium browser;
    private readonly IPage page;

    internal BrowserPage(Chromium browser, IPage page)
    {
        this.browser = browser;
        this.page = page;
    }

    /// <summary>Runs the JavaScript <paramref name="expression"/> for its effect, awaiting it when it is a promise.</summary>
    public Task EvaluateAsync(string expression) => page.EvaluateExpressionAsync(expression);

    /// <summary>The value of the JavaScript <paramref name="expression"/> (awaited when it is a promise), converted from
    /// JSON.</summary>
    public Task<T> EvaluateAsync<T>(string expression) => page.EvaluateExpressionAsync<T>(expression);

    /// <summary>The text content of the element <paramref name="selector"/> (CSS), or null when there is none.</summary>
    public Task<string?> TextAsync(string selector) =>
        page.EvaluateFunctionAsync<string?>("selector => document.querySelector(selector)?.textContent ?? null", selector);

    /// <summary>The attribute <paramref name="name"/> of the element <paramref name="selector"/>, or null.</summary>
    public Task<string?> AttributeAsync(string selector, string name) =>
        page.EvaluateFunctionAsync<string?>(
            "(selector, name) => document.querySelector(selector)?.getAttribute(name) ?? null", selector, name);

    /// <summary>
    /// Waits until the JavaScript <paramref name="condition"/> is true, checking every 20 ms in the page; fails the test
    /// with the page's text and console after <paramref name="timeout"/>. A condition that throws counts as false (and
    /// the exception shows in the console).
    /// </summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout)
    {
        try
        {
            await page.WaitForExpressionAsync(
                condition, new WaitForFunctionOptions { Timeout = (int)timeout.TotalMilliseconds, PollingInterval = 20 });
        }
        catch (WaitTaskTimeoutException)
        {
            Assert.Fail($"`{condition}` was not true within {timeout.TotalSeconds:0.#} s. The page shows:\n"
                + $"{await EvaluateAsync<string?>("document.body?.innerText ?? null")}\nIts console:\n{browser.Events}");
        }
    }

    /// <summary>
    /// Waits until the page's status line (<c>#status</c>, which both samples' pages keep through their <c>page.js</c>)
    /// is in <paramref name="state"/>, as <see cref="WaitForAsync"/> does.
    /// </summary>
    public Task WaitForStateAsync(string state, TimeSpan timeout) =>
        WaitForAsync($"document.getElementById('status')?.dataset.state === '{state}'", timeout);

    /// <summary>Clicks the middle of the element <paramref name="selector"/> with the mouse, as a user does.</summary>
    public Task ClickAsync(string selector) => page.ClickAsync(selector);

    /// <summary>Empties the field <paramref name="selector"/> and types <paramref name="text"/> into it with the keyboard, as a user does.</summary>
    public async Task TypeAsync(string selector, string text)
    {
        await page.EvaluateFunctionAsync("selector => { document.querySelector(selector).value = ''; }", selector);
        await page.TypeAsync(selector, text);
    }

    /// <summary>A PNG of what the page shows.</summary>
    public Task<byte[]> ScreenshotAsync() => page.ScreenshotDataAsync();

    public async ValueTask DisposeAsync() => await page.CloseAsync();
}
