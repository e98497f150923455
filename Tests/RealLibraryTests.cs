using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using Interrupts;
using LibraryWorkloads;
using Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tests;

/// <summary>
/// Real libraries that nobody here wrote, woven with the real weaver: every method still compiles, a sizeable
/// workload gives the same output as the original library, and interrupting it leaves the library working.
/// </summary>
public abstract class RealLibraryTests<TLibrary>(TLibrary library, ITestOutputHelper output)
    where TLibrary : WovenLibrary
{
    /// <summary>Interrupted runs of the workload, at checkpoints spread evenly over a whole run.</summary>
    private const int InterruptedRuns = 41;

    private readonly OperationCanceledException _stop = new("stopped by the test");

    protected TLibrary Library => library;

    [Fact]
    public void WeaverLogMatchesTheCheckpointsInTheWovenIl()
    {
        var figures = library.Figures;
        // The weaver fails the whole assembly on a method it cannot handle, so a woven assembly has no such method.
        output.WriteLine($"{library.Name}: {figures}; no method that could not be woven");

        var message = Assert.Single(library.Result.Messages);
        Assert.Equal($"wove {figures.MethodsWoven} methods of {library.Name}, inserting {figures.Checkpoints} checkpoints.", message.Text);
        Assert.True(figures.IlBytesAfter > figures.IlBytesBefore);
    }

    [Fact]
    public void EveryMethodOfTheWovenLibraryCompiles()
    {
        var stopwatch = Stopwatch.StartNew();
        var verification = JitVerifier.Verify(library.Result.AssemblyPath);
        output.WriteLine($"{library.Name}: {verification.Compiled} methods compiled in {stopwatch.Elapsed.TotalSeconds:F1} s");
        foreach (var line in verification.Failures.Concat(verification.NotCompiled))
        {
            output.WriteLine(line);
        }

        Assert.Empty(verification.Failures);
        Assert.Empty(verification.NotCompiled);
        Assert.Equal(library.Figures.Methods - library.Figures.MethodsWithoutBody, verification.Compiled);
    }

    [Fact]
    public void WovenLibraryGivesTheSameOutputAsTheOriginal()
    {
        var woven = library.Woven();

        var stopwatch = Stopwatch.StartNew();
        var wovenOutput = woven(library.Large.Document);
        output.WriteLine($"{library.Name}: {Encoding.UTF8.GetByteCount(library.Large.Document):N0} bytes in, {Encoding.UTF8.GetByteCount(wovenOutput):N0} out, {stopwatch.ElapsedMilliseconds} ms woven (first run)");

        Assert.True(Encoding.UTF8.GetByteCount(library.Large.Document) >= 1 << 20);
        Assert.Equal(Encoding.UTF8.GetBytes(library.Large.OriginalOutput), Encoding.UTF8.GetBytes(wovenOutput));
        var ran = AssemblyLoadContext.GetLoadContext(woven.Method.DeclaringType!.Assembly)!.Assemblies.Single(a => a.GetName().Name == library.Name);
        Assert.Equal(library.Result.AssemblyPath, ran.Location);
    }

    [Fact]
    public void WorkloadInterruptedAfterAnyNumberOfCheckpointsEndsWithTheCallbacksExceptionAndTheLibraryKeepsWorking()
    {
        var sample = library.Medium;
        var workload = library.Woven();
        // Static constructors and the library's caches are set up by this first run; interrupting them is another test.
        workload(sample.Document);
        var checkpoints = CheckpointsPassed(workload, sample);

        var interrupts = Enumerable.Range(0, InterruptedRuns).Select(i => 1 + (checkpoints - 1) * i / (InterruptedRuns - 1)).Distinct();

        AssertEachInterruptEndsWithTheCallbacksExceptionAndLeavesTheLibraryWorking("runs", interrupts, () => workload, sample);
    }

    [Fact]
    public void InterruptingTheFirstUseOfTheLibraryEndsWithTheCallbacksExceptionAndLeavesItWorking()
    {
        var sample = library.Medium;
        var checkpoints = CheckpointsPassed(library.Woven(), sample);

        // First use is where static constructors run and caches fill, hence checkpoints that double, up to the middle
        // of a run; each run loads the library afresh.
        var interrupts = Enumerable.Range(0, 63).Select(i => 1L << i).TakeWhile(k => k <= checkpoints / 2);

        AssertEachInterruptEndsWithTheCallbacksExceptionAndLeavesTheLibraryWorking("first runs", interrupts, library.Woven, sample);
    }

    [Fact]
    public void WorkloadInterruptedAtEachOfItsCheckpointsEndsWithTheCallbacksExceptionAndTheLibraryKeepsWorking()
    {
        var sample = library.Small;
        var workload = library.Woven();
        workload(sample.Document);
        var checkpoints = CheckpointsPassed(workload, sample);

        // Every one of them: a library can be caught between two updates that it only ever makes together for a
        // checkpoint or two, which checkpoints spread over a run would hit only by chance.
        var interrupts = Enumerable.Range(1, (int)checkpoints).Select(k => (long)k);

        AssertEachInterruptEndsWithTheCallbacksExceptionAndLeavesTheLibraryWorking($"runs on {sample.Document.Length} characters", interrupts, () => workload, sample);
    }

    /// <summary>Counts the checkpoints the workload passes, with a scope open that must not change its output.</summary>
    protected static long CheckpointsPassed(Func<string, string> workload, Sample sample)
    {
        long passed = 0;
        string? result = null;
        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Check(() => passed++, 1))
            {
                result = workload(sample.Document);
            }
        });

        Assert.Null(thrown);
        Assert.Equal(sample.OriginalOutput, result);
        Assert.True(passed > 0, "The workload passed no checkpoint: it did not run the woven library.");
        return passed;
    }

    protected void AssertEachInterruptEndsWithTheCallbacksExceptionAndLeavesTheLibraryWorking(
        string runs, IEnumerable<long> checkpoints, Func<Func<string, string>> workload, Sample sample)
    {
        var stopwatch = Stopwatch.StartNew();
        var interrupts = checkpoints.ToList();
        var problems = interrupts.SelectMany(k => InterruptAfter(k, workload(), sample)).ToList();

        var report = string.Join(
            Environment.NewLine,
            problems.GroupBy(p => p.Kind).Select(g =>
                $"{g.Select(p => p.Checkpoint).Distinct().Count()} interrupts {g.Key}: at checkpoints {string.Join(", ", g.Take(8).Select(p => p.Checkpoint.ToString("N0")))}{(g.Count() > 8 ? ", ..." : "")}; the first: {g.First().Detail}"));
        output.WriteLine($"{library.Name}: {interrupts.Count} {runs} interrupted at checkpoints 1 to {interrupts[^1]:N0}, each followed by a whole run, in {stopwatch.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(report);
        Assert.True(problems.Count == 0, report);
    }

    /// <summary>
    /// Runs the workload with a callback that throws a cancellation at the <paramref name="checkpoint"/>th checkpoint,
    /// then once more without a scope on the same thread (where the library may keep thread-static state), and tells
    /// what went wrong.
    /// </summary>
    private IEnumerable<Problem> InterruptAfter(long checkpoint, Func<string, string> workload, Sample sample)
    {
        Exception? interrupted = null;
        string? after = null;
        var thrownAfter = TestThread.Run(() =>
        {
            long passed = 0;
            interrupted = Record.Exception(() =>
            {
                // Thrown once: a cancellation stops the scope, and the library's catch blocks, which wrap or swallow
                // what they catch, must give it back as itself.
                using (Interrupt.Check(() => { if (++passed == checkpoint) throw _stop; }, 1))
                {
                    workload(sample.Document);
                }
            });
            after = workload(sample.Document);
        });

        if (!ReferenceEquals(interrupted, _stop))
        {
            yield return new Problem(checkpoint, $"ended with {Origins(interrupted)} instead of the callback's exception", Messages(interrupted));
        }

        if (thrownAfter != null)
        {
            yield return new Problem(checkpoint, $"broke the library: the next run threw {Origins(thrownAfter)}", Messages(thrownAfter));
        }
        else if (after != sample.OriginalOutput)
        {
            var common = after!.Zip(sample.OriginalOutput).TakeWhile(pair => pair.First == pair.Second).Count();
            yield return new Problem(checkpoint, "broke the library: the next run's output differs from the original's", $"from character {common:N0}");
        }
    }

    /// <summary>Each exception of the chain, the outermost with the method that threw it.</summary>
    private static string Origins(Exception? exception)
    {
        if (exception is null)
        {
            return "no exception";
        }

        var thrower = new StackTrace(exception).GetFrame(0)?.GetMethod();
        return $"{string.Join(" wrapping ", Chain(exception).Select(e => e.GetType().Name))} (the outermost from {thrower?.DeclaringType?.Name}::{thrower?.Name})";
    }

    /// <summary>
    /// The messages of the chain, and the library's method the innermost exception came from: for the callback's
    /// exception, the method whose checkpoint ran the callback.
    /// </summary>
    private string Messages(Exception? exception)
    {
        if (exception is null)
        {
            return "the run was not interrupted";
        }

        var origin = new StackTrace(Chain(exception).Last()).GetFrames()
            .Select(f => f.GetMethod())
            .FirstOrDefault(m => m?.DeclaringType?.Assembly.GetName().Name == library.Name);
        return $"{string.Join(" <- ", Chain(exception).Select(e => e.Message))} (the innermost from {origin?.DeclaringType?.FullName}::{origin?.Name})";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? inner = exception; inner != null; inner = inner.InnerException)
        {
            yield return inner;
        }
    }

    /// <summary>What went wrong at one interrupt: <see cref="Kind"/> groups alike problems, <see cref="Detail"/> tells this one.</summary>
    private sealed record Problem(long Checkpoint, string Kind, string Detail);
}

public sealed class NewtonsoftJsonTests(WovenNewtonsoftJson library, ITestOutputHelper output)
    : RealLibraryTests<WovenNewtonsoftJson>(library, output), IClassFixture<WovenNewtonsoftJson>
{
    /// <summary>
    /// Json.NET converts a property name into a dictionary key in a <c>try</c> whose <c>catch</c> wraps whatever it
    /// catches in a <c>JsonSerializationException</c>, and no checkpoint runs between that catch and the caller.
    /// </summary>
    [Fact]
    public void InterruptWhileConvertingDictionaryKeysEndsWithTheInterruptItself()
    {
        var document = Documents.JsonKeyedTables;
        var original = new LibraryLoadContext(Library.OriginalPath).Workload(nameof(Workloads.JsonKeyedTables));
        var sample = new Sample(document, original(document));
        var workload = new LibraryLoadContext(Library.Result.AssemblyPath).Workload(nameof(Workloads.JsonKeyedTables));
        workload(document);
        var checkpoints = CheckpointsPassed(workload, sample);

        var interrupts = Enumerable.Range(1, (int)checkpoints).Select(k => (long)k);

        AssertEachInterruptEndsWithTheCallbacksExceptionAndLeavesTheLibraryWorking("runs converting dictionary keys", interrupts, () => workload, sample);
    }
}

public sealed class MarkdigTests(WovenMarkdig library, ITestOutputHelper output)
    : RealLibraryTests<WovenMarkdig>(library, output), IClassFixture<WovenMarkdig>;
