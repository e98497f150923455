using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;

namespace Tests.Infrastructure;

/// <summary>Paths in this repository, and running the programs built in it.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration (Debug, Release) the tests were built in, and so every project they depend on.</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) RunDotnet(params string[] arguments)
    {
        using var process = StartDotnet(arguments);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not end within 2 minutes.");
        }

        return (process.ExitCode, output + error.Result);
    }

    /// <summary>Starts <c>dotnet <paramref name="arguments"/></c> with its output redirected.</summary>
    public static Process StartDotnet(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Interrupts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("The tests do not run inside the repository: no Interrupts.sln above " + AppContext.BaseDirectory);
    }
}
