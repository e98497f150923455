using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Interrupts.Weaving;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// The workloads of bench/Workloads compiled at run time by Roslyn from their source, as a script host compiles the
    /// code it runs, four ways, each assembly in a load context of its own: plain (the baseline, <see cref="VariantBenchmarks{TResult}.Unwoven"/>),
    /// with Roslyn's ModuleCancellation instrumentation, with its StackOverflowProbing instrumentation, and the plain
    /// bytes woven at load time by
    /// <see cref="InterruptibleLoadContext"/> (run in each scope the woven variants open).
    /// </summary>
    public class RoslynBenchmarks : VariantBenchmarks<long>
    {
        /// <summary>The variants the roslyn command times: the baseline, Roslyn's two instrumentations, and the woven code
        /// with no scope, in the scopes comparable to Roslyn's (a token, a stack guard) and in the counting scopes (which
        /// Roslyn has no match for).
        /// The other scopes, inherited, have their results checked but are not timed: the bench command times them.</summary>
        public static readonly IReadOnlyList<string> Timed =
            [nameof(Unwoven), nameof(ModuleCancellation), nameof(Woven), nameof(WovenInToken), nameof(WovenInCheck), nameof(WovenInBudget), nameof(StackOverflowProbing), nameof(WovenInStackGuard)];

        private Func<long> _moduleCancellation = () => throw new InvalidOperationException("The benchmarks are not set up.");
        private Func<long> _stackOverflowProbing = () => throw new InvalidOperationException("The benchmarks are not set up.");
        private FieldInfo? _moduleCancellationToken;

        public static IEnumerable<string> Names => KernelBenchmarks.Names;

        [ParamsSource(nameof(Names))]
        public override string Workload { get; set; } = "";

        [GlobalSetup]
        public override void Setup()
        {
            var type = KernelBenchmarks.All.Single(w => w.Name == Workload).Type;
            var source = Source(type);
            var plain = RoslynCompiler.Emit(RoslynCompiler.Library($"{type.Name}.Plain", source));
            var instrumented = RoslynCompiler.Emit(RoslynCompiler.Library($"{type.Name}.ModuleCancellation", source), RoslynCompiler.ModuleCancellation);

            var instrumentedAssembly = Load(instrumented, "Roslyn, ModuleCancellation");
            _moduleCancellationToken = instrumentedAssembly.GetType("<PrivateImplementationDetails>")?.GetField(
                RoslynCompiler.ModuleCancellationTokenField, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                ?? throw new MissingFieldException("<PrivateImplementationDetails>", RoslynCompiler.ModuleCancellationTokenField);
            // A live token, as a host's would be: one that cannot be cancelled lets the check be cheaper than it is.
            _moduleCancellationToken.SetValue(null, NeverCancelled);
            _moduleCancellation = Run(instrumentedAssembly, type);
            var probing = RoslynCompiler.Emit(RoslynCompiler.Library($"{type.Name}.StackOverflowProbing", source), RoslynCompiler.StackOverflowProbing);
            _stackOverflowProbing = Run(Load(probing, "Roslyn, StackOverflowProbing"), type);

            Use(Run(Load(plain, "Roslyn, plain"), type), Run(new InterruptibleLoadContext(name: "Roslyn, woven at load").LoadWoven(plain), type));
        }

        [Benchmark]
        [Variant(6, "ModuleCancellationToken = token")]
        public long ModuleCancellation() => _moduleCancellation();

        [Benchmark]
        [Variant(8, "-")]
        public long StackOverflowProbing() => _stackOverflowProbing();

        /// <summary>Throws unless the ModuleCancellation variant really checks its token: cancelled, the workload must stop.
        /// (Run by the command before measuring, not in the benchmark processes: it would warm up what the cold job times.)</summary>
        public void CheckModuleCancellation()
        {
            var field = _moduleCancellationToken ?? throw new InvalidOperationException("The benchmarks are not set up.");
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            field.SetValue(null, cancelled.Token);
            try
            {
                _moduleCancellation();
                throw new InvalidOperationException($"{Workload}: compiled with ModuleCancellation, it ran to its end with its token cancelled.");
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine($"checked {Workload}: compiled with ModuleCancellation, it stops when its token is cancelled");
            }
            finally
            {
                field.SetValue(null, NeverCancelled);
            }
        }

        /// <summary>The source file of the workload <paramref name="type"/>, embedded in this assembly.</summary>
        private static string Source(Type type)
        {
            var name = $"Workloads.{type.Name}.cs";
            using var stream = typeof(RoslynBenchmarks).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The source of {type.Name} ({name}) is not embedded in the benchmarks.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        private static Assembly Load(byte[] image, string context) => new AssemblyLoadContext(context).LoadFromStream(new MemoryStream(image, writable: false));

        /// <summary>The workload's <c>Run()</c>, as compiled into <paramref name="assembly"/>.</summary>
        private static Func<long> Run(Assembly assembly, Type type) =>
            assembly.GetType(type.FullName!, throwOnError: true)!.GetMethod(nameof(Workloads.NBody.Run), BindingFlags.Public | BindingFlags.Static)!
                .CreateDelegate<Func<long>>();
    }
}
