using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tests.EndToEnd.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// A host whose own code Interrupts.Fody weaves at build time, and which loads a plugin through Interrupts.Weaving: the
/// two packages share the Interrupts package, so the host has one Interrupts.dll, and the scopes it opens stop its own
/// loops and the plugin's alike. The plugin knows nothing of Interrupts: it is an ordinary library with a dependency
/// (Humanizer) in its hot loop, and the load context weaves both as they load.
/// </summary>
[Collection(PackedPackage.Collection)]
public sealed partial class LoadTimeHostTests(PackedPackage package, LoadTimeHostTests.HostAndPlugin host)
    : IClassFixture<LoadTimeHostTests.HostAndPlugin>
{
    [Fact]
    public void TheHostBuildsWithoutAWarning()
    {
        AssertNoWarning(host.Build.Succeeded().Output);
    }

    [Fact]
    public void TheHostPublishesWithoutAWarning()
    {
        AssertNoWarning(host.Publish.Succeeded().Output);
    }

    [Fact]
    public void FodyWeavesTheHostsOwnCodeAtBuild()
    {
        Assert.Matches(@"Fody/Interrupts: wove [1-9]\d* methods of Host, inserting \d+ checkpoints\.", host.Build.Succeeded().Output);
    }

    /// <summary>NuGet resolves one Interrupts package for both: no other package of the host's graph carries the runtime
    /// (had each package its own copy, the SDK would silently pick one of them).</summary>
    [Fact]
    public void TheHostsRuntimeComesFromTheInterruptsPackageAlone()
    {
        host.Build.Succeeded();
        using var assets = JsonDocument.Parse(File.ReadAllText(host.Consumer.PathOf(Path.Combine(HostAndPlugin.Host, "obj", "project.assets.json"))));
        var target = assets.RootElement.GetProperty("targets").EnumerateObject().Single().Value;

        var carriers = target.EnumerateObject()
            .Where(library => library.Value.TryGetProperty("runtime", out var runtime)
                && runtime.EnumerateObject().Any(asset => Path.GetFileName(asset.Name) == "Interrupts.dll"))
            .Select(library => library.Name);

        Assert.Equal([$"{PackedPackage.RuntimeId}/{package.Version}"], carriers);
    }

    [Theory]
    [InlineData("Host/bin/Debug/net10.0")]
    [InlineData("published")]
    public void TheHostsOutputHoldsOneInterruptsDllThePackedOne(string output)
    {
        (output == "published" ? host.Publish : host.Build).Succeeded();
        var folder = host.Consumer.PathOf(output);

        var runtime = Assert.Single(Directory.GetFiles(folder, "Interrupts.dll", SearchOption.AllDirectories));

        Assert.Equal(new Version(package.Version + ".0"), AssemblyName.GetAssemblyName(runtime).Version);
        Assert.Equal(PackedRuntime(), File.ReadAllBytes(runtime));
        Assert.True(File.Exists(Path.Combine(folder, "Interrupts.Weaving.dll")), $"no Interrupts.Weaving.dll in {output}");
    }

    [Theory]
    [InlineData("budget", "InstructionBudgetExceededException")]
    [InlineData("deadline", "DeadlineExceededException")]
    [InlineData("Ctrl+C", "KeyboardInterruptException")]
    public void TheHostsOwnLoopWovenAtBuildIsStopped(string source, string exception)
    {
        AssertStopped($"host loop, {source}: stopped by {exception}");
    }

    [Theory]
    [InlineData("budget", "InstructionBudgetExceededException")]
    [InlineData("deadline", "DeadlineExceededException")]
    [InlineData("Ctrl+C", "KeyboardInterruptException")]
    public void ThePluginsLoopWovenAtLoadIsStopped(string source, string exception)
    {
        AssertStopped($"plugin loop, {source}: stopped by {exception}");
    }

    [Fact]
    public void TheLoadContextReportsThePluginAndItsDependencyWoven()
    {
        var output = host.Run.Succeeded().Output;
        var pluginDependencies = File.ReadAllText(host.Consumer.PathOf(Path.Combine(HostAndPlugin.PluginOutput, "Plugin.deps.json")));
        Assert.DoesNotContain("Interrupts", pluginDependencies);

        var reports = ReportPattern().Matches(output).ToDictionary(m => m.Groups["assembly"].Value, m => int.Parse(m.Groups["methods"].Value));

        Assert.Equal(["Humanizer", "Plugin"], reports.Keys.Order(StringComparer.Ordinal));
        Assert.All(reports.Values, methods => Assert.True(methods > 0, output));
    }

    [Fact]
    public void TheHostProcessLoadsOneInterruptsRuntime()
    {
        Assert.Contains($"Interrupts runtimes loaded: 1, version {package.Version}.0", host.Run.Succeeded().Output);
    }

    /// <summary>The host printed <paramref name="line"/>. Its exit code is not asked: a loop the host could not stop
    /// ends it with 1 (see <see cref="HostAndPlugin"/>), and the loops stopped before it still pass.</summary>
    private void AssertStopped(string line)
    {
        var output = host.Run.Output;
        Assert.True(output.Contains(line, StringComparison.Ordinal), $"The host did not print \"{line}\":\n{output}");
    }

    /// <summary>No MSBuild, NuGet or Fody warning, such as a conflict between two copies of a file (MSB3277,
    /// NETSDK1152).</summary>
    private static void AssertNoWarning(string output)
    {
        Assert.DoesNotMatch(@"\bwarning(\s+[A-Z]+\d+)?\s*:", output);
    }

    private byte[] PackedRuntime()
    {
        using var zip = ZipFile.OpenRead(package.NupkgOf(PackedPackage.RuntimeId));
        using var entry = zip.GetEntry("lib/netstandard2.0/Interrupts.dll")!.Open();
        using var bytes = new MemoryStream();
        entry.CopyTo(bytes);
        return bytes.ToArray();
    }

    [GeneratedRegex(@"Woven at load: (?<assembly>\S+) \(Woven, (?<methods>\d+) methods\)")]
    private static partial Regex ReportPattern();

    /// <summary>The plugin and the host, built, the host published, and the published host run once for the tests of
    /// the class, with the plugin's build output folder as its argument.</summary>
    public sealed class HostAndPlugin
    {
        public const string Host = "Host";
        public const string Plugin = "Plugin";
        public const string PluginOutput = "Plugin/bin/Debug/net10.0";

        /// <summary>An ordinary library, which references no Interrupts package: its endless loop spends its time in
        /// Humanizer, a dependency the plugin carries in its output folder.</summary>
        private const string PluginSource = """
            using Humanizer;

            namespace Plugin;

            public static class Speller
            {
                /// <summary>Spells the numbers out in words, one after another, forever.</summary>
                public static long SpellForever()
                {
                    long letters = 0;
                    for (var i = 0; ; i = (i + 1) % 1_000_000)
                    {
                        letters += i.ToWords().Length;
                    }
                }
            }
            """;

        /// <summary>
        /// Loads the plugin woven, then stops its endless loop and one of its own with each ready-made source, saying
        /// what stopped each; prints what the load context wove, and how many Interrupts assemblies the process has. A
        /// loop not stopped within 10 s ends the process with 1: an unwoven loop fails the test rather than hang it.
        /// </summary>
        private const string HostSource = """
            using System.Runtime.Loader;
            using Interrupts;
            using Interrupts.Weaving;

            var context = new InterruptibleLoadContext(Path.Combine(Path.GetFullPath(args[0]), "Plugin.dll"));
            var spellForever = context.LoadMainAssembly().GetType("Plugin.Speller", throwOnError: true)!
                .GetMethod("SpellForever")!.CreateDelegate<Func<long>>();

            foreach (var (name, loop) in new[] { ("host", (Func<long>)CountForever), ("plugin", spellForever) })
            {
                Stop($"{name} loop, budget", () => Interrupt.Budget(1_000_000), loop);
                Stop($"{name} loop, deadline", () => Interrupt.Deadline(TimeSpan.FromMilliseconds(100)), loop);
                Stop($"{name} loop, Ctrl+C", () =>
                {
                    var keyboard = new InterruptBuffer();
                    new Thread(() => { Thread.Sleep(100); keyboard.Raise(); }) { IsBackground = true }.Start();
                    return Interrupt.Check(keyboard);
                }, loop);
            }

            foreach (var report in context.Reports)
            {
                Console.WriteLine($"Woven at load: {report.AssemblyName} ({report.Outcome}, {report.Methods} methods): {report}");
            }

            var runtimes = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Where(a => a.GetName().Name == "Interrupts").ToList();
            Console.WriteLine($"Interrupts runtimes loaded: {runtimes.Count}, version {runtimes[0].GetName().Version}");
            return 0;

            static void Stop(string what, Func<IDisposable> scope, Func<long> loop)
            {
                using var watchdog = new Timer(_ =>
                {
                    Console.WriteLine($"{what}: not stopped within 10 s");
                    Environment.Exit(1);
                }, null, 10_000, Timeout.Infinite);
                try
                {
                    using (scope())
                    {
                        loop();
                    }

                    Console.WriteLine($"{what}: returned");
                }
                catch (Exception exception)
                {
                    Console.WriteLine($"{what}: stopped by {exception.GetType().Name}");
                }
            }

            static long CountForever()
            {
                long count = 0;
                while (true)
                {
                    count++;
                }
            }
            """;

        private readonly Lazy<CommandResult> run;

        public HostAndPlugin(PackedPackage package)
        {
            Consumer = package.NewConsumer("load-time-host");

            Consumer.New("classlib", Plugin);
            var pluginProject = Consumer.PathOf(Path.Combine(Plugin, Plugin + ".csproj"));
            File.WriteAllText(
                pluginProject,
                File.ReadAllText(pluginProject).Replace(
                    "<TargetFramework>net10.0</TargetFramework>",
                    "<TargetFramework>net10.0</TargetFramework>\n    <EnableDynamicLoading>true</EnableDynamicLoading>"));
            Consumer.Dotnet("add", pluginProject, "package", "Humanizer.Core", "--version", "3.0.10").Succeeded();
            File.Delete(Consumer.PathOf(Path.Combine(Plugin, "Class1.cs")));
            Consumer.WriteFile(Path.Combine(Plugin, "Speller.cs"), PluginSource);
            PluginBuild = Consumer.Build(Plugin);

            Consumer.New("console", Host);
            Consumer.AddPackage(Host, PackedPackage.Id);
            Consumer.AddPackage(Host, PackedPackage.WeavingId);
            Consumer.WriteFodyWeavers(Host);
            Consumer.WriteFile(Path.Combine(Host, "Program.cs"), HostSource);
            Build = Consumer.Build(Host);
            Publish = Consumer.Publish(Host, "--configuration", "Release", "--output", "published");

            run = new Lazy<CommandResult>(() =>
            {
                PluginBuild.Succeeded();
                Publish.Succeeded();
                return Consumer.Run(Consumer.PathOf(Path.Combine("published", Host)), Consumer.PathOf(PluginOutput));
            });
        }

        public Consumer Consumer { get; }

        public CommandResult PluginBuild { get; }

        /// <summary><c>dotnet build</c> of the host (Debug).</summary>
        public CommandResult Build { get; }

        /// <summary><c>dotnet publish</c> of the host (Release) into <c>published</c>.</summary>
        public CommandResult Publish { get; }

        /// <summary>The published host, run with the plugin's build output folder.</summary>
        public CommandResult Run => run.Value;
    }
}
