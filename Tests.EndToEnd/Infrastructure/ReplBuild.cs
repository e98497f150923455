using System;
using System.IO;
using Tests.Infrastructure;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>samples/Repl built once for the tests of a class, in Release, and started from its build output.</summary>
public sealed class ReplBuild
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public ReplBuild()
    {
        Command.Run(
            Repository.Root, Command.BuildEnvironment, BuildTimeout,
            "dotnet", "build", Path.Combine("samples", "Repl", "Repl.csproj"), "-c", "Release").Succeeded();
        Dll = Path.Combine(Repository.Root, "samples", "Repl", "bin", "Release", "net10.0", "Repl.dll");
        Assert.True(File.Exists(Dll), $"The build wrote no {Dll}.");
    }

    /// <summary>The REPL's assembly, to run with <c>dotnet</c>.</summary>
    public string Dll { get; }

    /// <summary>Starts the REPL in a terminal with <paramref name="arguments"/> and waits for its first prompt.</summary>
    public Terminal StartInTerminal(params string[] arguments)
    {
        var terminal = Terminal.Start(Repository.Root, "dotnet", [Dll, .. arguments]);
        terminal.WaitFor(@"^>\z");
        return terminal;
    }

    /// <summary>Runs the REPL with <paramref name="arguments"/> as a plain process, without a terminal, to its end.</summary>
    public CommandResult Run(params string[] arguments) =>
        Command.Run(Repository.Root, Command.BuildEnvironment, TimeSpan.FromMinutes(1), "dotnet", [Dll, .. arguments]);
}
