using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Tests.Infrastructure;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>
/// The repository's packages (the runtime Interrupts, the build-time add-in Interrupts.Fody and the load-time API
/// Interrupts.Weaving) packed from the current code, once per test run, into a feed of their own in a temporary folder,
/// and what a consumer project needs to use them: a nuget.config and an environment that restore them from that feed
/// into a package folder of this run's own. The package version does not change from one run to the next, so a package
/// cached by an earlier run must never be used: every run restores into an empty folder.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    /// <summary>Interrupts.Fody, the package README tells a user to add.</summary>
    public const string Id = "Interrupts.Fody";

    /// <summary>The runtime, which both other packages depend on.</summary>
    public const string RuntimeId = "Interrupts";

    /// <summary>The load-time API, for hosts.</summary>
    public const string WeavingId = "Interrupts.Weaving";

    /// <summary>The collection of every test class that uses the packages: they are packed once for all of them.</summary>
    public const string Collection = "Packed package";

    /// <summary>Every package <c>dotnet pack</c> makes at the repository's root.</summary>
    public static readonly IReadOnlyList<string> Ids = [RuntimeId, Id, WeavingId];

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    public PackedPackage()
    {
        Root = Directory.CreateTempSubdirectory("interrupts-e2e-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        Packages = Directory.CreateDirectory(Path.Combine(Root, "packages")).FullName;
        Version = XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("Version").Single().Value;
        Environment = new Dictionary<string, string?>(Command.BuildEnvironment)
        {
            // Set here as well as in nuget.config because the variable, if the test run had it, would win over the file.
            ["NUGET_PACKAGES"] = Packages,
        };

        // The repository's own commands run as a developer's would, restoring into the usual package folder.
        var developerEnvironment = new Dictionary<string, string?>();
        // README's `dotnet pack` at the root, which packs every packable project of the solution, into the feed.
        PackOutput = Command.Run(
            Repository.Root, developerEnvironment, CommandTimeout, "dotnet",
            "pack", Path.Combine(Repository.Root, "Interrupts.sln"), "--configuration", "Release", "--output", Feed).Succeeded().Output;
        Nupkg = NupkgOf(Id);
        Sources = Command.Run(Repository.Root, developerEnvironment, CommandTimeout, "dotnet", "nuget", "list", "source", "--format", "short")
            .Succeeded().Output
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToList();
    }

    /// <summary>The temporary folder of this test run, deleted at its end.</summary>
    public string Root { get; }

    /// <summary>The folder holding the packed packages: a package source.</summary>
    public string Feed { get; }

    /// <summary>The package folder consumers restore into: empty at the start of the run.</summary>
    public string Packages { get; }

    /// <summary>The version in Directory.Build.props, the one place it is set.</summary>
    public string Version { get; }

    /// <summary>The packed Interrupts.Fody .nupkg.</summary>
    public string Nupkg { get; }

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public string PackOutput { get; }

    /// <summary>The package sources this machine uses (from <c>dotnet nuget list source</c>), which serve Fody and every
    /// other package that is not the repository's.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The environment of every command run for a consumer.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>The packed .nupkg of the package <paramref name="id"/>, one of <see cref="Ids"/>.</summary>
    public string NupkgOf(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>A nuget.config that takes the repository's packages from <see cref="Feed"/> only and every other
    /// package from the machine's sources, and restores into <see cref="Packages"/>.</summary>
    public string NuGetConfig()
    {
        var sources = Sources.Select((source, index) => (Key: $"source{index}", Url: source)).ToList();
        return new XDocument(
            new XElement(
                "configuration",
                new XElement(
                    "packageSources",
                    new XElement("clear"),
                    new XElement("add", new XAttribute("key", "artifacts"), new XAttribute("value", Feed)),
                    sources.Select(s => new XElement("add", new XAttribute("key", s.Key), new XAttribute("value", s.Url)))),
                new XElement(
                    "packageSourceMapping",
                    new XElement("packageSource", new XAttribute("key", "artifacts"), Ids.Select(id => new XElement("package", new XAttribute("pattern", id)))),
                    sources.Select(s => new XElement("packageSource", new XAttribute("key", s.Key), new XElement("package", new XAttribute("pattern", "*"))))),
                new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", Packages)))))
            .ToString();
    }

    /// <summary>A new, empty consumer folder with the nuget.config, in which to create projects.</summary>
    public Consumer NewConsumer(string name) => new(this, Path.Combine(Root, "consumers", name), CommandTimeout);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
