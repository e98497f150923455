using System;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Tests.Infrastructure;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>
/// samples/BrowserHost running, started with README's command, <c>dotnet run --project samples/BrowserHost</c>, here
/// without building again (<see cref="BrowserSample"/> built it) and on a port the system picks. Disposing it stops it.
/// </summary>
public sealed partial class SampleServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

    private readonly Process process;

    private SampleServer(Process process, Uri url)
    {
        this.process = process;
        Url = url;
    }

    /// <summary>The address of the page.</summary>
    public Uri Url { get; }

    /// <summary>Starts the server, with the cross-origin isolation headers or, for <paramref name="isolated"/> false,
    /// without them (<c>--no-isolation</c>), and waits until it says where it serves.</summary>
    public static async Task<SampleServer> StartAsync(bool isolated)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["run", "--project", "samples/BrowserHost", "--no-build", "--", "--port", "0", .. isolated ? [] : (string[])["--no-isolation"]])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Command.BuildEnvironment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var output = new StringBuilder();
        var serving = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (ServingPattern().Match(line.Data) is { Success: true } match)
            {
                serving.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(serving.Task, exited, Task.Delay(StartTimeout));
        if (first != serving.Task)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
            {
                Assert.Fail($"samples/BrowserHost did not say where it serves within {StartTimeout.TotalSeconds:0} s:\n{output}");
            }
        }

        return new SampleServer(process, serving.Task.Result);
    }

    public void Dispose()
    {
        // dotnet run starts the host as a child process: both go.
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }

    [GeneratedRegex(@"^Serving the browser sample at (http://\S+) ")]
    private static partial Regex ServingPattern();
}
