using System;
using System.IO;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>
/// A folder outside the repository, as a user's would be, where projects are created with <c>dotnet new</c>, given the
/// packages with <c>dotnet add package</c>, then built, published and run. Its nuget.config takes the repository's
/// packages from the feed packed for this test run; commands run with <see cref="PackedPackage.Environment"/>.
/// </summary>
public sealed class Consumer
{
    private readonly PackedPackage package;
    private readonly TimeSpan timeout;

    internal Consumer(PackedPackage package, string directory, TimeSpan timeout)
    {
        this.package = package;
        this.timeout = timeout;
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        WriteFile("nuget.config", package.NuGetConfig());
    }

    /// <summary>The consumer's folder.</summary>
    public string Directory { get; }

    /// <summary>The full path of <paramref name="relativePath"/> in the consumer's folder.</summary>
    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath);

    /// <summary>Writes a file of the consumer, creating its folder if needed.</summary>
    public void WriteFile(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in the consumer's folder.</summary>
    public CommandResult Dotnet(params string[] arguments) => Run("dotnet", arguments);

    /// <summary>Runs a program, such as a published executable, in the consumer's folder.</summary>
    public CommandResult Run(string fileName, params string[] arguments) =>
        Command.Run(Directory, package.Environment, timeout, fileName, arguments);

    /// <summary><c>dotnet new <paramref name="template"/></c>: a brand-new project in the folder
    /// <paramref name="name"/>, as <c>name/name.csproj</c>.</summary>
    public void New(string template, string name) => Dotnet("new", template, "--name", name, "--output", name, "--no-restore").Succeeded();

    /// <summary><c>dotnet add package <paramref name="id"/></c> (Interrupts.Fody unless told) in the project
    /// <paramref name="name"/>, as a user does.</summary>
    public void AddPackage(string name, string id = PackedPackage.Id) => Dotnet("add", ProjectFile(name), "package", id).Succeeded();

    /// <summary>The project <paramref name="name"/>'s FodyWeavers.xml, holding <paramref name="element"/> as its one
    /// weaver, as README tells a user to write it.</summary>
    public void WriteFodyWeavers(string name, string element = "<Interrupts />") =>
        WriteFile(Path.Combine(name, "FodyWeavers.xml"), $"<Weavers>\n  {element}\n</Weavers>\n");

    /// <summary>A console project made as a user makes one: <c>dotnet new console</c>, <c>dotnet add package
    /// Interrupts.Fody</c>, then <paramref name="program"/> as its Program.cs. No FodyWeavers.xml yet.</summary>
    public void NewConsoleWithPackage(string name, string program)
    {
        New("console", name);
        AddPackage(name);
        WriteFile(Path.Combine(name, "Program.cs"), program);
    }

    /// <summary><c>dotnet add reference</c> from project <paramref name="name"/> to project <paramref name="referenced"/>.</summary>
    public void AddReference(string name, string referenced) =>
        Dotnet("add", ProjectFile(name), "reference", ProjectFile(referenced)).Succeeded();

    /// <summary>Builds the project or solution <paramref name="path"/>, with the normal verbosity that shows what
    /// the weaver logs. The caller decides whether it had to succeed.</summary>
    public CommandResult Build(string path) => Dotnet("build", path, "--verbosity", "normal");

    /// <summary>Builds the one solution or project of the consumer's folder, as <see cref="Build(string)"/>.</summary>
    public CommandResult Build() => Dotnet("build", "--verbosity", "normal");

    /// <summary><c>dotnet publish</c> of project <paramref name="name"/> with <paramref name="arguments"/> (such as
    /// <c>-r linux-x64 -p:PublishAot=true</c>). The caller decides whether it had to succeed.</summary>
    public CommandResult Publish(string name, params string[] arguments) => Dotnet(["publish", ProjectFile(name), .. arguments]);

    /// <summary>Runs the program that a build (Debug, net10.0) made of project <paramref name="name"/>.</summary>
    public CommandResult RunBuilt(string name, params string[] arguments) =>
        Dotnet([Path.Combine(Directory, name, "bin", "Debug", "net10.0", name + ".dll"), .. arguments]);

    private static string ProjectFile(string name) => Path.Combine(name, name + ".csproj");
}
