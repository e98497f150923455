using System;
using System.IO;
using System.Text;
using Interrupts.Weaving;
using Tests.Infrastructure;

namespace Tests;

/// <summary>Bad input to the load-time API: each is refused with the standard exception, naming what was wrong.</summary>
public sealed class LoadTimeInputTests
{
    private static readonly string Scratch = Directory.CreateTempSubdirectory("load-time-input-").FullName;

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void IntervalBelowOneIsRefusedNamingTheOptionAndValue(int interval)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new WeavingOptions { Interval = interval });

        Assert.Equal("Interval", exception.ParamName);
        Assert.Equal(interval, exception.ActualValue);
        Assert.StartsWith($"Interval={interval} is not valid; it must be a whole number from 1 to 2147483647.", exception.Message);
    }

    [Fact]
    public void IncludePatternWithACharacterNoTypeNameHasIsRefusedNamingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => new WeavingOptions { Include = ["MyApp.*", "My-Type"] });

        Assert.Equal("Include", exception.ParamName);
        Assert.StartsWith(
            "Include='MyApp.*;My-Type' is not valid; it must be type patterns separated by ';', each made of letters, digits, '_', '.', '+', '`', '*' and '?' (such as 'MyApp.Scripts.*;MyApp.Parser'), and 'My-Type' is not one.",
            exception.Message);
    }

    [Fact]
    public void EmptyExcludePatternIsRefused()
    {
        var exception = Assert.Throws<ArgumentException>(() => new WeavingOptions { Exclude = [""] });

        Assert.Equal("Exclude", exception.ParamName);
        Assert.Contains("and one is empty.", exception.Message);
    }

    [Fact]
    public void NullPatternListIsRefused() =>
        Assert.Equal("Include", Assert.Throws<ArgumentNullException>(() => new WeavingOptions { Include = null! }).ParamName);

    [Fact]
    public void NullImageIsRefused() =>
        Assert.Equal("image", Assert.Throws<ArgumentNullException>(() => AssemblyWeaver.Weave((byte[])null!)).ParamName);

    [Fact]
    public void NullOutputStreamIsRefused() =>
        Assert.Equal("output", Assert.Throws<ArgumentNullException>(() => AssemblyWeaver.Weave(new MemoryStream(), null, null!, null)).ParamName);

    [Theory]
    [InlineData("empty.dll", "")]
    [InlineData("notes.txt", "Just some text, not an assembly.")]
    [InlineData("truncated.dll", "MZ\u0090\0\u0003")]
    public void BytesThatAreNoAssemblyAreRefusedNamingThem(string name, string content)
    {
        var exception = Assert.Throws<BadImageFormatException>(() => AssemblyWeaver.Weave(Encoding.Latin1.GetBytes(content), name: name));

        Assert.Equal(name, exception.FileName);
        Assert.StartsWith($"{name} is not a .NET assembly: ", exception.Message);
    }

    [Fact]
    public void NativeExecutableIsRefusedNamingIt()
    {
        // The demo's apphost: a native program, where a plugin folder could hold one beside the assemblies.
        var apphost = Path.Combine(Repository.Root, "samples", "Demo", "bin", Repository.Configuration, "net10.0", OperatingSystem.IsWindows() ? "Demo.exe" : "Demo");

        var exception = Assert.Throws<BadImageFormatException>(() => new InterruptibleLoadContext().LoadWoven(apphost));

        Assert.Equal(apphost, exception.FileName);
        Assert.StartsWith($"{apphost} is not a .NET assembly: ", exception.Message);
    }

    [Fact]
    public void ReferenceAssemblyIsRefusedNamingIt()
    {
        // What the SDK builds beside AssemblyToProcess for its dependents to compile against.
        var reference = Path.Combine(Repository.Root, "AssemblyToProcess", "obj", Repository.Configuration, "net10.0", "ref", "AssemblyToProcess.dll");

        var exception = Assert.Throws<BadImageFormatException>(() => new InterruptibleLoadContext().LoadWoven(reference));

        Assert.Equal(reference, exception.FileName);
        Assert.Equal(
            $"{reference} is a reference assembly: it describes an API and holds no code to run. Weave the implementation assembly instead.",
            exception.Message);
    }

    [Fact]
    public void PdbThatIsNoPortablePdbOfTheAssemblyIsRefusedNamingIt()
    {
        var exception = Assert.Throws<BadImageFormatException>(() =>
            AssemblyWeaver.Weave(File.ReadAllBytes("AssemblyToProcess.dll"), Encoding.ASCII.GetBytes("not a pdb"), name: "AssemblyToProcess.dll"));

        Assert.StartsWith("The PDB of AssemblyToProcess.dll is not a portable PDB of this assembly: ", exception.Message);
    }

    [Fact]
    public void MethodTheWeaverCannotHandleIsNamedWithItsFile()
    {
        var malformed = MalformedInput.Write(Path.Combine(Scratch, "malformed"));

        var exception = Assert.Throws<AssemblyWeavingException>(() => AssemblyWeaver.Weave(File.ReadAllBytes(malformed), name: malformed));

        Assert.Equal(malformed, exception.FileName);
        Assert.Equal(MalformedInput.MethodName, exception.MethodName);
        Assert.StartsWith($"Cannot weave {malformed}: cannot weave {MalformedInput.MethodName}: ", exception.Message);
    }

    [Fact]
    public void NothingIsLoadedWhenAMethodCannotBeWoven()
    {
        var malformed = MalformedInput.Write(Path.Combine(Scratch, "not-loaded"));
        var context = new InterruptibleLoadContext();

        Assert.Throws<AssemblyWeavingException>(() => context.LoadWoven(malformed));

        Assert.Empty(context.Assemblies);
        Assert.Empty(context.Reports);
    }

    [Fact]
    public void PluginPathThatIsNotFullIsRefused() =>
        Assert.Equal("mainAssemblyPath", Assert.Throws<ArgumentException>(() => new InterruptibleLoadContext("plugins/Plugin.dll")).ParamName);

    [Fact]
    public void PluginThatIsNotThereIsRefusedNamingIt()
    {
        var missing = Path.Combine(Scratch, "NoSuchPlugin.dll");

        Assert.Equal(missing, Assert.Throws<FileNotFoundException>(() => new InterruptibleLoadContext(missing)).FileName);
    }

    [Fact]
    public void ContextForImagesHasNoMainAssembly() =>
        Assert.Throws<InvalidOperationException>(() => new InterruptibleLoadContext().LoadMainAssembly());
}
