using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Interrupts;
using Interrupts.Weaving;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Tests.Infrastructure;
using WovenImage = Interrupts.Weaving.WovenAssembly;

namespace Tests;

/// <summary>
/// <see cref="AssemblyWeaver"/> and <see cref="InterruptibleLoadContext"/> on AssemblyToProcess: the same core as the
/// Fody add-in, run in memory while the host runs.
/// </summary>
public sealed class LoadTimeWeavingTests(LoadTimeWeavingTests.Input input) : IClassFixture<LoadTimeWeavingTests.Input>
{
    [Fact]
    public void WeavingInMemoryGivesTheSameIlAsTheFodyAddIn()
    {
        using var atBuild = ModuleDefinition.ReadModule(input.WovenByFody);
        using var atLoad = ModuleDefinition.ReadModule(new MemoryStream(input.Woven.Image));

        var built = WovenIl.Methods(atBuild).ToDictionary(m => m.FullName, Il);
        var loaded = WovenIl.Methods(atLoad).ToDictionary(m => m.FullName, Il);

        Assert.Equal(built.Keys.Order(), loaded.Keys.Order());
        Assert.All(built, method => Assert.Equal(method.Value, loaded[method.Key]));
        Assert.Contains(built.Values, il => il.Contains("Interrupts.Checkpoint::Tick"));
    }

    [Fact]
    public void ReportSaysWhatWasWovenInTheWordsOfTheAddIn()
    {
        using var module = ModuleDefinition.ReadModule(new MemoryStream(input.Woven.Image));
        var report = input.Woven.Report;

        Assert.Equal(WeavingOutcome.Woven, report.Outcome);
        Assert.Equal("AssemblyToProcess", report.AssemblyName);
        Assert.Equal(WovenIl.Methods(module).Count(m => WovenIl.CheckpointCount(m) > 0), report.Methods);
        Assert.Equal(WovenIl.Methods(module).Sum(WovenIl.CheckpointCount), report.Checkpoints);
        Assert.Equal(input.FodyMessage, report.ToString());
    }

    [Fact]
    public void WovenImageComesWithItsPortablePdbWhoseLinesStillPointAtTheSource()
    {
        Assert.NotNull(input.Woven.Symbols);
        using var module = ModuleDefinition.ReadModule(
            new MemoryStream(input.Woven.Image),
            new ReaderParameters { ReadSymbols = true, SymbolStream = new MemoryStream(input.Woven.Symbols), SymbolReaderProvider = new PortablePdbReaderProvider() });

        var spin = module.GetType("AssemblyToProcess.Loops").Methods.Single(m => m.Name == "SpinForever");

        Assert.True(WovenIl.CheckpointCount(spin) > 0);
        Assert.Contains(spin.DebugInformation.SequencePoints, point => point.Document.Url.EndsWith("Loops.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void PdbEmbeddedInTheImageStaysEmbedded()
    {
        var path = Path.Combine(Path.GetDirectoryName(input.WovenByFody)!, "embedded", "AssemblyToProcess.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var module = ModuleDefinition.ReadModule("AssemblyToProcess.dll", new ReaderParameters { ReadSymbols = true }))
        {
            module.Write(path, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new EmbeddedPortablePdbWriterProvider() });
        }

        var woven = AssemblyWeaver.Weave(File.ReadAllBytes(path));

        Assert.Null(woven.Symbols);
        using var read = ModuleDefinition.ReadModule(new MemoryStream(woven.Image), new ReaderParameters { ReadSymbols = true });
        Assert.True(read.HasSymbols);
        Assert.NotEmpty(read.GetType("AssemblyToProcess.Loops").Methods.Single(m => m.Name == "SpinForever").DebugInformation.SequencePoints);
    }

    [Fact]
    public void ImageWithoutAPdbComesBackWithoutOne()
    {
        var woven = AssemblyWeaver.Weave(input.Original);

        Assert.Null(woven.Symbols);
        using var module = ModuleDefinition.ReadModule(new MemoryStream(woven.Image));
        Assert.True(WovenIl.Methods(module).Sum(WovenIl.CheckpointCount) > 0);
        Assert.DoesNotContain(module.GetDebugHeader().Entries, e => e.Directory.Type == ImageDebugType.EmbeddedPortablePdb);
    }

    [Fact]
    public void StreamsInAndOutGiveTheSameAssemblyAsBytes()
    {
        var image = new MemoryStream();
        var symbols = new MemoryStream();

        var report = AssemblyWeaver.Weave(
            new MemoryStream(input.Original), new MemoryStream(input.OriginalSymbols), image, symbols, name: "AssemblyToProcess.dll");

        Assert.Equal(input.Woven.Report.ToString(), report.ToString());
        Assert.Equal(input.Woven.Image, image.ToArray());
        Assert.Equal(input.Woven.Symbols, symbols.ToArray());
    }

    [Fact]
    public void EveryMethodWovenInMemoryCompilesWithTheJit()
    {
        var folder = Directory.CreateTempSubdirectory("load-time-woven-").FullName;
        try
        {
            var path = Path.Combine(folder, "AssemblyToProcess.dll");
            File.WriteAllBytes(path, input.Woven.Image);

            var verification = JitVerifier.Verify(path);

            Assert.Empty(verification.Failures);
            Assert.True(verification.Compiled > 100, $"only {verification.Compiled} methods compiled");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void CodeLoadedWovenIsStoppedByTheHostsDeadline() =>
        Assert.IsType<DeadlineExceededException>(RunEndlessLoop(() => Interrupt.Deadline(TimeSpan.FromMilliseconds(50))));

    [Fact]
    public void CodeLoadedWovenIsStoppedByTheHostsBudget() =>
        Assert.IsType<InstructionBudgetExceededException>(RunEndlessLoop(() => Interrupt.Budget(1_000_000)));

    [Fact]
    public void CodeLoadedWovenIsStoppedByTheHostsToken()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var thrown = Assert.IsType<OperationCanceledException>(RunEndlessLoop(() => Interrupt.Check(cancellation.Token)));

        Assert.Equal(cancellation.Token, thrown.CancellationToken);
    }

    [Fact]
    public void CodeLoadedWovenIsStoppedByASignalRaisedFromAnotherThread()
    {
        var buffer = new InterruptBuffer();
        using var raise = new Timer(_ => buffer.Raise(), null, 50, Timeout.Infinite);

        Assert.IsType<KeyboardInterruptException>(RunEndlessLoop(() => Interrupt.Check(buffer)));
    }

    [Fact]
    public void AssemblyWovenBeforeComesBackAsItWas()
    {
        var again = AssemblyWeaver.Weave(input.Woven.Image, input.Woven.Symbols);

        Assert.Equal(WeavingOutcome.AlreadyWoven, again.Report.Outcome);
        Assert.Same(input.Woven.Image, again.Image);
        Assert.Same(input.Woven.Symbols, again.Symbols);
        Assert.Equal("AssemblyToProcess is already woven; left as it is.", again.Report.ToString());
    }

    [Fact]
    public void AssemblyWovenByTheAddInLoadsAsItIs()
    {
        var context = new InterruptibleLoadContext();

        context.LoadWoven(input.WovenByFody);

        Assert.Equal(WeavingOutcome.AlreadyWoven, Assert.Single(context.Reports).Outcome);
    }

    [Fact]
    public void TheRuntimeIsNeverWoven()
    {
        var runtime = File.ReadAllBytes(typeof(Interrupt).Assembly.Location);

        var woven = AssemblyWeaver.Weave(runtime);

        Assert.Equal(WeavingOutcome.Runtime, woven.Report.Outcome);
        Assert.Same(runtime, woven.Image);
    }

    [Fact]
    public void ShorterIntervalGivesMoreCheckpoints()
    {
        var dense = AssemblyWeaver.Weave(input.Original, options: new WeavingOptions { Interval = 3 });

        Assert.True(dense.Report.Checkpoints > input.Woven.Report.Checkpoints, $"{dense.Report} against {input.Woven.Report}");
    }

    [Fact]
    public void IncludeAndExcludeChooseTheTypesWoven()
    {
        var options = new WeavingOptions { Include = ["AssemblyToProcess.*"], Exclude = ["AssemblyToProcess.Loops", "AssemblyToProcess.NoSuchType"] };

        var woven = AssemblyWeaver.Weave(input.Original, options: options);

        using var module = ModuleDefinition.ReadModule(new MemoryStream(woven.Image));
        Assert.Equal(0, module.GetType("AssemblyToProcess.Loops").Methods.Where(m => m.HasBody).Sum(WovenIl.CheckpointCount));
        Assert.True(module.GetType("AssemblyToProcess.Recursion").Methods.Where(m => m.HasBody).Sum(WovenIl.CheckpointCount) > 0);
        Assert.Equal(["AssemblyToProcess.NoSuchType"], woven.Report.UnmatchedPatterns);
    }

    [Fact]
    public void UntrustedCodeIsWovenWithEveryHoldBounded()
    {
        // AssemblyToProcess names types in its IL (typeof, casts, boxes), which the check for Checkpoint calls must pass.
        var woven = AssemblyWeaver.Weave(input.Original, options: new WeavingOptions { Untrusted = true });

        Assert.Equal(WeavingOutcome.Woven, woven.Report.Outcome);
        using var module = ModuleDefinition.ReadModule(new MemoryStream(woven.Image));
        var called = WovenIl.Methods(module).SelectMany(m => m.Body.Instructions).Select(i => (i.Operand as MethodReference)?.Name).ToList();
        Assert.Contains("EnterBoundedRegion", called);
        Assert.DoesNotContain("EnterHeldRegion", called);
    }

    private Exception? RunEndlessLoop(Func<IDisposable> scope)
    {
        var spin = input.Loaded.GetType("AssemblyToProcess.Loops", throwOnError: true)!.GetMethod("SpinForever")!.CreateDelegate<Action>();
        return TestThread.Run(() =>
        {
            using (scope())
            {
                spin();
            }
        });
    }

    private static string Il(MethodDefinition method) => string.Join("\n", method.Body.Instructions);

    /// <summary>AssemblyToProcess woven in memory (with its PDB) and loaded, and woven by the Fody add-in to compare.</summary>
    public sealed class Input
    {
        public Input()
        {
            Original = File.ReadAllBytes("AssemblyToProcess.dll");
            OriginalSymbols = File.ReadAllBytes("AssemblyToProcess.pdb");
            Woven = AssemblyWeaver.Weave(Original, OriginalSymbols);
            Loaded = new InterruptibleLoadContext().LoadWoven(Original, OriginalSymbols);
            var fody = Weaving.WeaveAssemblyToProcess(copyName: "ComparedWithLoadTime");
            WovenByFody = fody.AssemblyPath;
            FodyMessage = Assert.Single(fody.Messages).Text.Replace("ComparedWithLoadTime", "AssemblyToProcess");
        }

        public byte[] Original { get; }

        public byte[] OriginalSymbols { get; }

        public WovenImage Woven { get; }

        public Assembly Loaded { get; }

        public string WovenByFody { get; }

        public string FodyMessage { get; }
    }
}
