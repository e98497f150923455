using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>What a finished command printed and returned.</summary>
/// <param name="Line">The command line, to say which command a failure came from.</param>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">Standard output and standard error, interleaved as they came.</param>
public sealed record CommandResult(string Line, int ExitCode, string Output)
{
    /// <summary>Fails the test, showing the output, unless the command exited with 0.</summary>
    public CommandResult Succeeded()
    {
        if (ExitCode != 0)
        {
            Assert.Fail($"`{Line}` exited with {ExitCode}:\n{Output}");
        }

        return this;
    }

    /// <summary>Fails the test, showing the output, unless the command failed.</summary>
    public CommandResult Failed()
    {
        if (ExitCode == 0)
        {
            Assert.Fail($"`{Line}` was expected to fail but exited with 0:\n{Output}");
        }

        return this;
    }
}

/// <summary>Runs a program to its end and collects its output.</summary>
public static class Command
{
    /// <summary>The environment for running <c>dotnet</c> builds from a test: they leave no MSBuild node or compiler
    /// server behind, which would outlive the test run and could hold the output pipes the tests read to their end.</summary>
    public static readonly IReadOnlyDictionary<string, string?> BuildEnvironment = new Dictionary<string, string?>
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> in
    /// <paramref name="workingDirectory"/>, with <paramref name="environment"/> set (a null value removes the variable).
    /// A command still running after <paramref name="timeout"/> is killed with its children and fails the test.</summary>
    public static CommandResult Run(
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout,
        string fileName,
        params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var line = string.Join(' ', [fileName, .. arguments]);
        var output = new StringBuilder();
        void Collect(object sender, DataReceivedEventArgs received)
        {
            if (received.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(received.Data);
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        // Nothing to read: a program that waits for input gets end of file at once instead of hanging the test.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"`{line}` did not end within {timeout.TotalSeconds:0} s and was killed:\n{output}");
        }

        // Waits for the output to be read to its end.
        process.WaitForExit();
        lock (output)
        {
            return new CommandResult(line, process.ExitCode, output.ToString());
        }
    }
}
