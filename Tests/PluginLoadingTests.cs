using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Interrupts;
using Interrupts.Weaving;
using Tests.Infrastructure;

namespace Tests;

/// <summary>
/// A real plugin (a JavaScript interpreter from NuGet, with its parser) loaded through
/// <see cref="InterruptibleLoadContext"/>: woven as it loads, and stopped by the host's scopes.
/// </summary>
public sealed class PluginLoadingTests
{
    // Exercises the interpreter's loops, recursion, closures, strings, arrays, objects, JSON and exceptions.
    private const string Program = """
        function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
        const primes = [];
        for (let n = 2; primes.length < 200; n++) { if (primes.every(p => n % p !== 0)) primes.push(n); }
        const words = 'the quick brown fox jumps over the lazy dog'.split(' ').sort().map(w => w.toUpperCase());
        let caught = '';
        try { null.x; } catch (e) { caught = e.constructor.name; }
        JSON.stringify({ fib: fib(20), primes: primes.slice(-3), sum: primes.reduce((a, b) => a + b, 0), words, caught });
        """;

    [Fact]
    public void PluginAndItsOwnDependenciesAreWovenAsTheyLoad()
    {
        var context = new InterruptibleLoadContext(Plugin.MainAssemblyPath);

        Plugin.Evaluate(context.LoadMainAssembly())("1 + 1");

        var woven = context.Reports.Where(r => r.Outcome == WeavingOutcome.Woven && r.Checkpoints > 0).Select(r => r.AssemblyName);
        Assert.Equal(["Acornima", "Jint", "PluginToLoad"], woven.Order());
        Assert.Equal(["Acornima", "Jint", "PluginToLoad"], context.Assemblies.Select(a => a.GetName().Name).Order());
    }

    [Fact]
    public void PluginSharesTheHostsRuntimeAndTheFramework()
    {
        var context = new InterruptibleLoadContext(Plugin.MainAssemblyPath);

        var jint = context.LoadFromAssemblyName(new("Jint"));

        Assert.Same(typeof(Checkpoint).Assembly, context.LoadFromAssemblyName(new("Interrupts")));
        Assert.Same(typeof(object).Assembly, context.LoadFromAssemblyName(new("System.Private.CoreLib")));
        Assert.Contains(jint.GetReferencedAssemblies(), name => name.Name == "Interrupts");
    }

    [Fact]
    public void ThreadsThatNeedTheSameDependencyAtOnceGetOneWovenCopy()
    {
        var context = new InterruptibleLoadContext(Plugin.MainAssemblyPath);
        using var start = new Barrier(4);

        var loads = Enumerable.Range(0, 4)
            .Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return context.LoadFromAssemblyName(new("Jint"));
                },
                TaskCreationOptions.LongRunning))
            .ToArray();

        var loaded = loads.Select(task => task.Result).ToList();

        Assert.All(loaded, jint => Assert.Same(loaded[0], jint));
        Assert.Single(context.Reports, r => r.AssemblyName == "Jint");
    }

    [Fact]
    public void WovenPluginGivesTheSameResultsAsTheOriginal()
    {
        var woven = Plugin.Evaluate(new InterruptibleLoadContext(Plugin.MainAssemblyPath).LoadMainAssembly());

        var expected = Plugin.LoadUnwoven()(Program);

        Assert.StartsWith("{\"fib\":6765,", expected);
        Assert.Equal(expected, woven(Program));
    }

    [Fact]
    public void HostsDeadlineStopsTheInterpretersOwnHotLoop()
    {
        var evaluate = Plugin.Evaluate(new InterruptibleLoadContext(Plugin.MainAssemblyPath).LoadMainAssembly());
        var clock = Stopwatch.StartNew();

        var thrown = TestThread.Run(() =>
        {
            using (Interrupt.Deadline(TimeSpan.FromMilliseconds(200)))
            {
                evaluate("let n = 0; while (true) { n++; }");
            }
        });

        Assert.IsType<DeadlineExceededException>(thrown);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void HostsInstructionBudgetStopsThePluginAtTheSamePointEveryTime()
    {
        var evaluate = Plugin.Evaluate(new InterruptibleLoadContext(Plugin.MainAssemblyPath).LoadMainAssembly());
        const string Counting = "var n = 0; while (true) { n++; }";

        string[] RunOutOfBudget() => Enumerable.Range(0, 2).Select(_ =>
        {
            var thrown = TestThread.Run(() =>
            {
                using (Interrupt.Budget(5_000_000))
                {
                    evaluate(Counting);
                }
            });
            return Assert.IsType<InstructionBudgetExceededException>(thrown).Message;
        }).ToArray();

        var messages = RunOutOfBudget();
        Assert.Equal(messages[0], messages[1]);
    }

    [Fact]
    public void EveryMethodOfThePluginAndItsDependenciesWovenAtLoadCompilesWithTheJit()
    {
        var folder = Directory.CreateTempSubdirectory("woven-plugin-").FullName;
        try
        {
            foreach (var name in new[] { "PluginToLoad", "Jint", "Acornima" })
            {
                var original = Path.Combine(Path.GetDirectoryName(Plugin.MainAssemblyPath)!, name + ".dll");
                File.WriteAllBytes(Path.Combine(folder, name + ".dll"), AssemblyWeaver.Weave(File.ReadAllBytes(original)).Image);
            }

            foreach (var name in new[] { "PluginToLoad", "Jint", "Acornima" })
            {
                var verification = JitVerifier.Verify(Path.Combine(folder, name + ".dll"));
                Assert.Empty(verification.Failures);
                Assert.True(verification.Compiled > 100 || name == "PluginToLoad", $"{name}: only {verification.Compiled} methods compiled");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void UnloadingTheCollectibleContextFreesThePlugin()
    {
        var context = LoadRunAndUnload();

        for (var i = 0; context.IsAlive && i < 20; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(context.IsAlive, "The unloaded context is still reachable.");
    }

    // Not inlined, so that no reference to the context or the plugin's code outlives it on this method's stack.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndUnload()
    {
        var context = new InterruptibleLoadContext(Plugin.MainAssemblyPath, isCollectible: true);
        Assert.Equal("2", Plugin.Evaluate(context.LoadMainAssembly())("1 + 1"));
        context.Unload();
        return new WeakReference(context);
    }
}
