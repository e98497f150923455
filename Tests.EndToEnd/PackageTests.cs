using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Tests.EndToEnd.Infrastructure;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>What <c>dotnet pack</c> writes: one package holding all a user needs, described for a package gallery.</summary>
[Collection(PackedPackage.Collection)]
public sealed class PackageTests(PackedPackage package)
{
    private const string RepositoryUrl = "https://github.com/interrupts-fody/Interrupts.Fody";

    [Fact]
    public void PackWritesInterruptsFodyWithTheVersionOfDirectoryBuildProps()
    {
        Assert.True(File.Exists(package.Nupkg), $"no {Path.GetFileName(package.Nupkg)} in the feed:\n{package.PackOutput}");
        Assert.Equal(PackedPackage.Id, Metadata("id").Value);
        Assert.Equal(package.Version, Metadata("version").Value);
    }

    [Theory]
    [InlineData("lib/netstandard2.0/Interrupts.dll")]
    [InlineData("weaver/Interrupts.Fody.dll")]
    public void PackedAssembliesCarryTheVersionOfDirectoryBuildProps(string entry)
    {
        var path = Path.Combine(package.Root, "extracted", entry);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var zip = ZipFile.OpenRead(package.Nupkg))
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
    public void PackageHoldsTheRuntimeWithItsDocsTheWeaverWithItsSchemaAndThePropsThatFindIt()
    {
        string[] expected =
        [
            "Interrupts.Fody.nuspec",
            "README.md",
            "build/Interrupts.Fody.props",
            "lib/netstandard2.0/Interrupts.dll",
            "lib/netstandard2.0/Interrupts.xml",
            "weaver/Interrupts.Fody.dll",
            "weaver/Interrupts.Fody.xcf",
        ];

        Assert.Equal(expected, ContentEntries());
    }

    [Fact]
    public void BuildPropsPointFodyAtTheWeaverInThePackage()
    {
        var props = XDocument.Parse(ReadEntry("build/Interrupts.Fody.props"));

        var weaver = Assert.Single(props.Descendants("WeaverFiles"));

        Assert.Equal("$(MSBuildThisFileDirectory)../weaver/Interrupts.Fody.dll", weaver.Attribute("Include")?.Value);
    }

    [Fact]
    public void PackageDependsOnFodyWithItsBuildTargetsSoOneReferenceIsEnough()
    {
        var group = Assert.Single(Metadata("dependencies").Elements(Nuspec + "group"));
        var fody = Assert.Single(group.Elements(Nuspec + "dependency"));

        Assert.Equal(".NETStandard2.0", group.Attribute("targetFramework")?.Value);
        Assert.Equal("Fody", fody.Attribute("id")?.Value);
        // An excluded "build" would leave the consumer without Fody's targets, and so unwoven without a word.
        Assert.Null(fody.Attribute("exclude"));
    }

    [Fact]
    public void PackageCarriesTheMitLicence()
    {
        Assert.Equal("MIT", Metadata("license").Value);
        Assert.Equal("expression", Metadata("license").Attribute("type")?.Value);
    }

    [Fact]
    public void PackageCarriesTheRepositoryReadme()
    {
        Assert.Equal("README.md", Metadata("readme").Value);
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "README.md")), ReadEntry("README.md"));
    }

    [Fact]
    public void PackageCarriesItsDescriptionTagsAndRepository()
    {
        Assert.StartsWith("Stops CPU-bound .NET code", Metadata("description").Value);
        Assert.Contains("Fody", Metadata("tags").Value.Split(' '));
        Assert.Equal(RepositoryUrl, Metadata("repository").Attribute("url")?.Value);
        Assert.Equal(RepositoryUrl, Metadata("projectUrl").Value);
    }

    private XNamespace Nuspec => NuspecDocument().Root!.Name.Namespace;

    private XElement Metadata(string name) =>
        NuspecDocument().Root!.Element(Nuspec + "metadata")!.Element(Nuspec + name)
        ?? throw new InvalidDataException($"The nuspec has no <{name}>.");

    private XDocument NuspecDocument() => XDocument.Parse(ReadEntry("Interrupts.Fody.nuspec"));

    /// <summary>The package's entries less the parts every package has (relationships, content types, core properties).</summary>
    private string[] ContentEntries()
    {
        using var zip = ZipFile.OpenRead(package.Nupkg);
        return zip.Entries.Select(e => e.FullName)
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
                && !name.StartsWith("package/services/", StringComparison.Ordinal)
                && name != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private string ReadEntry(string name)
    {
        using var zip = ZipFile.OpenRead(package.Nupkg);
        using var reader = new StreamReader(zip.GetEntry(name)?.Open() ?? throw new InvalidDataException($"The package has no {name}."));
        return reader.ReadToEnd();
    }
}
