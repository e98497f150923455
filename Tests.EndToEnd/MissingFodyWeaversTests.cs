using System.IO;
using System.Linq;
using System.Xml.Linq;
using Tests.EndToEnd.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// A project that has the package but no FodyWeavers.xml: Fody 6.9.3 writes one listing every weaver it was given
/// (here only Interrupts, with no settings), warns that it did, and weaves with it, so the project is woven with the
/// defaults. Where warnings are errors, that first build fails, and the next one, finding the file, succeeds.
/// </summary>
[Collection(PackedPackage.Collection)]
public sealed class MissingFodyWeaversTests(PackedPackage package, MissingFodyWeaversTests.ConsoleWithoutFodyWeavers console)
    : IClassFixture<MissingFodyWeaversTests.ConsoleWithoutFodyWeavers>
{
    private const string CreatedWarning = "Fody: Could not find a FodyWeavers.xml file at the project level";

    [Fact]
    public void BuildWarnsThatFodyCreatedAFodyWeaversXml()
    {
        Assert.Contains($"warning : {CreatedWarning}", console.Build.Succeeded().Output);
    }

    [Fact]
    public void TheCreatedFodyWeaversXmlNamesInterruptsWithNoSettings()
    {
        console.Build.Succeeded();

        var weavers = XDocument.Load(console.Consumer.PathOf(Path.Combine(ConsoleWithoutFodyWeavers.Name, "FodyWeavers.xml")));

        var interrupts = Assert.Single(weavers.Root!.Elements());
        Assert.Equal("Interrupts", interrupts.Name.LocalName);
        Assert.Empty(interrupts.Attributes());
    }

    [Fact]
    public void TheProgramIsWovenWithTheDefaultsAndItsLoopStopped()
    {
        console.Build.Succeeded();

        LoopProgram.AssertStoppedEarly(console.Consumer.RunBuilt(ConsoleWithoutFodyWeavers.Name));
    }

    [Fact]
    public void WithWarningsAsErrorsTheFirstBuildFailsAndTheNextOneIsWoven()
    {
        var consumer = package.NewConsumer("no-fodyweavers-strict");
        consumer.NewConsoleWithPackage("App", LoopProgram.Source);
        var project = consumer.PathOf(Path.Combine("App", "App.csproj"));
        var csproj = XDocument.Load(project);
        csproj.Root!.Elements("PropertyGroup").First().Add(new XElement("TreatWarningsAsErrors", "true"));
        csproj.Save(project);

        Assert.Contains($"error : {CreatedWarning}", consumer.Build("App").Failed().Output);
        consumer.Build("App").Succeeded();

        LoopProgram.AssertStoppedEarly(consumer.RunBuilt("App"));
    }

    /// <summary>The console project without FodyWeavers.xml, built once for the tests of the class.</summary>
    public sealed class ConsoleWithoutFodyWeavers
    {
        public const string Name = "App";

        public ConsoleWithoutFodyWeavers(PackedPackage package)
        {
            Consumer = package.NewConsumer("no-fodyweavers");
            Consumer.NewConsoleWithPackage(Name, LoopProgram.Source);
            Build = Consumer.Build(Name);
        }

        public Consumer Consumer { get; }

        public CommandResult Build { get; }
    }
}
