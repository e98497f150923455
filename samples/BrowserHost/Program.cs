using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Serves the published BrowserApp (at /) and BrowserRepl (at /repl/) on 127.0.0.1, cross-origin isolated unless
// --no-isolation is given.
const string usage = "usage: BrowserHost [--port PORT] [--no-isolation]   (PORT 0 picks a free port; the default is 5000)";
var port = 5000;
var isolated = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535:
            i++;
            break;
        case "--no-isolation":
            isolated = false;
            break;
        default:
            Console.Error.WriteLine(usage);
            return 2;
    }
}

var root = Path.Combine(AppContext.BaseDirectory, "app", "wwwroot");
var replRoot = Path.Combine(AppContext.BaseDirectory, "repl", "wwwroot");
foreach (var published in new[] { root, replRoot })
{
    if (!File.Exists(Path.Combine(published, "index.html")))
    {
        Console.Error.WriteLine($"No published app in {published}: build this project (dotnet run --project samples/BrowserHost does).");
        return 1;
    }
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, WebRootPath = root });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();

app.Use((context, next) =>
{
    var headers = context.Response.Headers;
    // SharedArrayBuffer exists only in a cross-origin isolated page, which takes both headers. The worker's script
    // gets them too: a worker is isolated by its own response.
    if (isolated)
    {
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Embedder-Policy"] = "require-corp";
    }

    // Revalidated on every load (the ETag makes that cheap), so a rebuilt app is never mixed with a cached one.
    headers.CacheControl = "no-cache";
    return next(context);
});
// The apps are .html, .js and .wasm, all types ASP.NET Core knows (application/wasm included).
var repl = new PhysicalFileProvider(replRoot);
app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = repl, RequestPath = "/repl" });
app.UseStaticFiles(new StaticFileOptions { FileProvider = repl, RequestPath = "/repl" });
app.UseDefaultFiles();
app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root) });

await app.StartAsync();
Console.WriteLine($"Serving the browser sample at {app.Urls.First()}/ and the browser REPL at {app.Urls.First()}/repl/ "
    + (isolated ? "(cross-origin isolated)" : "WITHOUT the cross-origin isolation headers")
    + ". Press Ctrl+C to stop.");
await app.WaitForShutdownAsync();
return 0;
