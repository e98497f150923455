using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Tests.EndToEnd.Infrastructure;
using Tests.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>The path README gives a user: a new console project, <c>dotnet add package Interrupts.Fody</c>, an
/// <c>&lt;Interrupts /&gt;</c> line in FodyWeavers.xml, build, run.</summary>
[Collection(PackedPackage.Collection)]
public sealed partial class ConsoleConsumerTests(ConsoleConsumerTests.WovenConsole console) : IClassFixture<ConsoleConsumerTests.WovenConsole>
{
    [Fact]
    public void BuildLogSaysTheProjectWasWoven()
    {
        var woven = WovePattern().Match(console.Build.Succeeded().Output);

        Assert.True(woven.Success, console.Build.Output);
        Assert.True(int.Parse(woven.Groups[1].Value) > 0);
    }

    [Fact]
    public void TheProgramsLoopIsStoppedByAnInterruptFromTheWovenCode()
    {
        console.Build.Succeeded();

        LoopProgram.AssertStoppedEarly(console.Consumer.RunBuilt(WovenConsole.Name));
    }

    [Fact]
    public void FodyWeaversXsdGainsTheInterruptsElementWithTheDocumentedAttributes()
    {
        console.Build.Succeeded();
        XNamespace xs = "http://www.w3.org/2001/XMLSchema";
        var schema = XDocument.Load(console.Consumer.PathOf(Path.Combine(WovenConsole.Name, "FodyWeavers.xsd")));
        var documented = XDocument.Load(Path.Combine(Repository.Root, "Interrupts.Fody", "Interrupts.Fody.xcf"));

        var interrupts = Assert.Single(schema.Descendants(xs + "element"), e => e.Attribute("name")?.Value == "Interrupts");
        var attributes = interrupts.Descendants(xs + "attribute").ToList();

        Assert.Equal(["Interval", "Include", "Exclude"], attributes.Select(a => a.Attribute("name")?.Value));
        Assert.Equal(documented.Root!.Elements(xs + "attribute").Select(a => a.ToString()), attributes.Select(a => a.ToString()));
    }

    [GeneratedRegex(@"Fody/Interrupts: wove (\d+) methods of ConsoleApp, inserting \d+ checkpoints\.")]
    private static partial Regex WovePattern();

    /// <summary>The console project, built once for the tests of the class.</summary>
    public sealed class WovenConsole
    {
        public const string Name = "ConsoleApp";

        public WovenConsole(PackedPackage package)
        {
            Consumer = package.NewConsumer("console");
            Consumer.NewConsoleWithPackage(Name, LoopProgram.Source);
            Consumer.WriteFodyWeavers(Name);
            Build = Consumer.Build(Name);
        }

        public Consumer Consumer { get; }

        public CommandResult Build { get; }
    }
}
