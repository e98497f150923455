using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using Tests.EndToEnd.Infrastructure;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// What <c>dotnet pack</c> writes: three packages described for a package gallery. Interrupts is the runtime;
/// Interrupts.Fody (the add-in, weaving at build time) and Interrupts.Weaving (the load-time API) both depend on it
/// instead of each carrying a copy, so a host that uses both gets one Interrupts.dll.
/// </summary>
[Collection(PackedPackage.Collection)]
public sealed class PackageTests(PackedPackage package)
{
    private const string RepositoryUrl = "https://github.com/interrupts-fody/Interrupts.Fody";

    [Theory]
    [InlineData(PackedPackage.RuntimeId)]
    [InlineData(PackedPackage.Id)]
    [InlineData(PackedPackage.WeavingId)]
    public void PackWritesEachPackageWithTheVersionOfDirectoryBuildProps(string id)
    {
        Assert.True(File.Exists(package.NupkgOf(id)), $"no {Path.GetFileName(package.NupkgOf(id))} in the feed:\n{package.PackOutput}");
        Assert.Equal(id, Metadata(id, "id").Value);
        Assert.Equal(package.Version, Metadata(id, "version").Value);
    }

    [Fact]
    public void PackWritesNoOtherPackage()
    {
        Assert.Equal(
            PackedPackage.Ids.Select(id => $"{id}.{package.Version}.nupkg").Order(StringComparer.Ordinal),
            Directory.GetFiles(package.Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(PackedPackage.RuntimeId, "lib/netstandard2.0/Interrupts.dll")]
    [InlineData(PackedPackage.Id, "weaver/Interrupts.Fody.dll")]
    [InlineData(PackedPackage.WeavingId, "lib/net8.0/Interrupts.Weaving.dll")]
    public void PackedAssembliesCarryTheVersionOfDirectoryBuildProps(string id, string entry)
    {
        var path = Path.Combine(package.Root, "extracted", id, entry);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var zip = ZipFile.OpenRead(package.NupkgOf(id)))
        {
            zip.GetEntry(entry)!.ExtractToFile(path, overwrite: true);
        }

        Assert.Equal(new Version(package.Version + ".0"), AssemblyName.GetAssemblyName(path).Version);
    }

    [Fact]
    public void PackReportsNoWarning()
    {
        Assert.DoesNotContain("warning", package.PackOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RuntimePackageHoldsTheRuntimeWithItsDocs()
    {
        string[] expected =
        [
            "Interrupts.nuspec",
            "README.md",
            "lib/netstandard2.0/Interrupts.dll",
            "lib/netstandard2.0/Interrupts.xml",
        ];

        Assert.Equal(expected, ContentEntries(PackedPackage.RuntimeId));
    }

    [Fact]
    public void FodyPackageHoldsTheWeaverWithItsSchemaAndThePropsThatFindItButNoRuntime()
    {
        string[] expected =
        [
            "Interrupts.Fody.nuspec",
            "README.md",
            "build/Interrupts.Fody.props",
            // Empty, beside the netstandard2.0 dependencies as pack asks (NU5128); the runtime comes through a dependency.
            "lib/netstandard2.0/_._",
            "weaver/Interrupts.Fody.dll",
            "weaver/Interrupts.Fody.xcf",
        ];

        Assert.Equal(expected, ContentEntries(PackedPackage.Id));
    }

    [Fact]
    public void WeavingPackageHoldsTheLoadTimeApiWithItsDocsButNoRuntime()
    {
        string[] expected =
        [
            "Interrupts.Weaving.nuspec",
            "README.md",
            "lib/net8.0/Interrupts.Weaving.dll",
            "lib/net8.0/Interrupts.Weaving.xml",
        ];

        Assert.Equal(expected, ContentEntries(PackedPackage.WeavingId));
    }

    [Fact]
    public void OnlyTheRuntimePackageCarriesInterruptsDll()
    {
        var carriers = PackedPackage.Ids.Where(id => ContentEntries(id).Any(entry => Path.GetFileName(entry) == "Interrupts.dll"));

        Assert.Equal([PackedPackage.RuntimeId], carriers);
    }

    [Fact]
    public void BuildPropsPointFodyAtTheWeaverInThePackage()
    {
        var props = XDocument.Parse(ReadEntry(PackedPackage.Id, "build/Interrupts.Fody.props"));

        var weaver = Assert.Single(props.Descendants("WeaverFiles"));

        Assert.Equal("$(MSBuildThisFileDirectory)../weaver/Interrupts.Fody.dll", weaver.Attribute("Include")?.Value);
    }

    [Fact]
    public void RuntimePackageDependsOnNothing()
    {
        var group = DependencyGroup(PackedPackage.RuntimeId);

        Assert.Equal(".NETStandard2.0", group.Attribute("targetFramework")?.Value);
        Assert.Empty(group.Elements());
    }

    [Fact]
    public void FodyPackageDependsOnFodyWithItsBuildTargetsSoOneReferenceIsEnough()
    {
        var group = DependencyGroup(PackedPackage.Id);
        var fody = Assert.Single(group.Elements(), d => d.Attribute("id")?.Value == "Fody");

        Assert.Equal(".NETStandard2.0", group.Attribute("targetFramework")?.Value);
        // An excluded "build" would leave the consumer without Fody's targets, and so unwoven without a word.
        Assert.Null(fody.Attribute("exclude"));
    }

    [Fact]
    public void FodyPackageDependsOnTheRuntimePackageOfItsVersion()
    {
        var group = DependencyGroup(PackedPackage.Id);

        Assert.Equal(["Fody", PackedPackage.RuntimeId], DependencyIds(group));
        AssertDependsOnTheRuntimeOfItsVersion(group);
    }

    [Fact]
    public void WeavingPackageDependsOnTheRuntimeAndMonoCecilAndNotOnFody()
    {
        var group = DependencyGroup(PackedPackage.WeavingId);

        Assert.Equal("net8.0", group.Attribute("targetFramework")?.Value);
        Assert.Equal([PackedPackage.RuntimeId, "Mono.Cecil"], DependencyIds(group));
        AssertDependsOnTheRuntimeOfItsVersion(group);
        Assert.Equal("0.11.6", group.Elements().Single(d => d.Attribute("id")?.Value == "Mono.Cecil").Attribute("version")?.Value);
    }

    /// <summary>What a host referencing only the load-time package restores: the whole graph, which has no Fody.</summary>
    [Fact]
    public void AProjectReferencingTheWeavingPackageRestoresNoFody()
    {
        var consumer = package.NewConsumer("weaving-only");
        consumer.New("classlib", "Host");
        consumer.AddPackage("Host", PackedPackage.WeavingId);

        string[] expected = [$"{PackedPackage.RuntimeId}/{package.Version}", $"{PackedPackage.WeavingId}/{package.Version}", "Mono.Cecil/0.11.6"];

        using var assets = JsonDocument.Parse(File.ReadAllText(consumer.PathOf(Path.Combine("Host", "obj", "project.assets.json"))));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(library => library.Name);

        Assert.Equal(expected.Order(StringComparer.Ordinal), libraries.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(PackedPackage.RuntimeId)]
    [InlineData(PackedPackage.Id)]
    [InlineData(PackedPackage.WeavingId)]
    public void PackageCarriesTheMitLicence(string id)
    {
        Assert.Equal("MIT", Metadata(id, "license").Value);
        Assert.Equal("expression", Metadata(id, "license").Attribute("type")?.Value);
    }

    [Theory]
    [InlineData(PackedPackage.RuntimeId)]
    [InlineData(PackedPackage.Id)]
    [InlineData(PackedPackage.WeavingId)]
    public void PackageCarriesTheRepositoryReadme(string id)
    {
        Assert.Equal("README.md", Metadata(id, "readme").Value);
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "README.md")), ReadEntry(id, "README.md"));
    }

    [Theory]
    [InlineData(PackedPackage.RuntimeId, "The runtime of Interrupts.Fody and Interrupts.Weaving", "interrupt")]
    [InlineData(PackedPackage.Id, "Stops CPU-bound .NET code", "Fody")]
    [InlineData(PackedPackage.WeavingId, "Load-time weaving for Interrupts", "plugin")]
    public void PackageCarriesItsDescriptionTagsAndRepository(string id, string description, string tag)
    {
        Assert.StartsWith(description, Metadata(id, "description").Value);
        Assert.Contains(tag, Metadata(id, "tags").Value.Split(' '));
        Assert.Equal(RepositoryUrl, Metadata(id, "repository").Attribute("url")?.Value);
        Assert.Equal(RepositoryUrl, Metadata(id, "projectUrl").Value);
    }

    private static string[] DependencyIds(XElement group) =>
        group.Elements().Select(d => d.Attribute("id")!.Value).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The runtime dependency names the version packed with it, so that NuGet picks one runtime for both.</summary>
    private void AssertDependsOnTheRuntimeOfItsVersion(XElement group)
    {
        var runtime = Assert.Single(group.Elements(), d => d.Attribute("id")?.Value == PackedPackage.RuntimeId);
        Assert.Equal(package.Version, runtime.Attribute("version")?.Value);
    }

    /// <summary>The package's one group of dependencies (its one target framework).</summary>
    private XElement DependencyGroup(string id) => Assert.Single(Metadata(id, "dependencies").Elements());

    private XElement Metadata(string id, string name)
    {
        var nuspec = NuspecDocument(id).Root!;
        return nuspec.Element(nuspec.Name.Namespace + "metadata")!.Element(nuspec.Name.Namespace + name)
            ?? throw new InvalidDataException($"The nuspec of {id} has no <{name}>.");
    }

    private XDocument NuspecDocument(string id) => XDocument.Parse(ReadEntry(id, $"{id}.nuspec"));

    /// <summary>The package's entries less the parts every package has (relationships, content types, core properties).</summary>
    private string[] ContentEntries(string id)
    {
        using var zip = ZipFile.OpenRead(package.NupkgOf(id));
        return zip.Entries.Select(e => e.FullName)
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
                && !name.StartsWith("package/services/", StringComparison.Ordinal)
                && name != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private string ReadEntry(string id, string name)
    {
        using var zip = ZipFile.OpenRead(package.NupkgOf(id));
        using var reader = new StreamReader(zip.GetEntry(name)?.Open() ?? throw new InvalidDataException($"{id} has no {name}."));
        return reader.ReadToEnd();
    }
}
