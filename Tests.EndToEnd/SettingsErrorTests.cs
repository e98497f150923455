using Tests.EndToEnd.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>A bad setting in a consumer's FodyWeavers.xml fails its build with the message README documents.</summary>
[Collection(PackedPackage.Collection)]
public sealed class SettingsErrorTests(PackedPackage package)
{
    [Theory]
    [InlineData("interval-word", """Interval="abc" """,
        "Interrupts: Interval='abc' in FodyWeavers.xml is not valid; it must be a whole number from 1 to 2147483647.")]
    [InlineData("interval-zero", """Interval="0" """,
        "Interrupts: Interval='0' in FodyWeavers.xml is not valid; it must be a whole number from 1 to 2147483647.")]
    [InlineData("exclude-dash", """Exclude="My-Type" """,
        "Interrupts: Exclude='My-Type' in FodyWeavers.xml is not valid; it must be type patterns separated by ';', ")]
    [InlineData("include-empty", """Include="App.*;" """,
        "Interrupts: Include='App.*;' in FodyWeavers.xml is not valid; it must be type patterns separated by ';', ")]
    [InlineData("unknown", """Intervall="10" """,
        "Interrupts: unknown attribute 'Intervall' (value '10') in FodyWeavers.xml; the settings are Interval, Include, Exclude.")]
    public void ABadSettingFailsTheBuildWithTheDocumentedMessage(string consumerName, string attributes, string message)
    {
        var consumer = package.NewConsumer(consumerName);
        consumer.NewConsoleWithPackage("App", LoopProgram.Source);
        consumer.WriteFodyWeavers("App", $"<Interrupts {attributes}/>");

        var build = consumer.Build("App").Failed();

        Assert.Contains($"error : Fody: {message}", build.Output);
    }

    [Fact]
    public void ATypePatternThatMatchesNoTypeWarnsButBuilds()
    {
        var consumer = package.NewConsumer("pattern-unmatched");
        consumer.NewConsoleWithPackage("App", LoopProgram.Source);
        consumer.WriteFodyWeavers("App", """<Interrupts Exclude="App.Scripts" />""");

        var build = consumer.Build("App").Succeeded();

        Assert.Contains(
            "warning : Fody/Interrupts: Interrupts: the type pattern 'App.Scripts' in FodyWeavers.xml matches no type of App; to select a namespace, end it with '.*'.",
            build.Output);
    }
}
