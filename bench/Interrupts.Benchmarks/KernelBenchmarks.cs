using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Workloads;

namespace Interrupts.Benchmarks
{
    /// <summary>The workloads written here (bench/Workloads), in every variant, the hand-checked token among them.</summary>
    public class KernelBenchmarks : VariantBenchmarks<long>
    {
        public const string Clbg = "CLBG";
        public const string TightLoop = "tight loop";
        public const string Recursion = "recursion";

        /// <summary>Every workload: a name, its kind, the type whose <c>Run()</c> and <c>RunWithToken(token)</c> do it (as
        /// <see cref="NBody"/>'s do), and whether the quick run measures it.</summary>
        public static readonly IReadOnlyList<(string Name, string Kind, Type Type, bool Quick)> All =
        [
            ("n-body", Clbg, typeof(NBody), true),
            ("spectral-norm", Clbg, typeof(SpectralNorm), false),
            ("fannkuch-redux", Clbg, typeof(FannkuchRedux), false),
            ("binary-trees", Clbg, typeof(BinaryTrees), true),
            ("mandelbrot", Clbg, typeof(Mandelbrot), false),
            ("array sum", TightLoop, typeof(ArraySum), true),
            ("nested loops", TightLoop, typeof(NestedLoops), true),
            ("matrix multiply", TightLoop, typeof(MatrixMultiply), true),
            ("fib", Recursion, typeof(Fibonacci), true),
        ];

        private Func<CancellationToken, long> _withToken = _ => throw new InvalidOperationException("The benchmarks are not set up.");

        public static IEnumerable<string> Names => All.Where(w => w.Quick || !Selection.Quick).Select(w => w.Name);

        [ParamsSource(nameof(Names))]
        public override string Workload { get; set; } = "";

        [GlobalSetup]
        public override void Setup()
        {
            var type = All.Single(w => w.Name == Workload).Type;
            var assembly = type.Assembly.GetName().Name!;
            Use(Unwoven<Func<long>>(type, nameof(NBody.Run)), new WovenCopies(assembly).Method<Func<long>>(assembly, type.FullName!, nameof(NBody.Run)));
            _withToken = Unwoven<Func<CancellationToken, long>>(type, nameof(NBody.RunWithToken));
        }

        private static TDelegate Unwoven<TDelegate>(Type type, string method)
            where TDelegate : Delegate =>
            type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<TDelegate>();

        [Benchmark]
        [Variant(5, "token.ThrowIfCancellationRequested() in each loop")]
        public long HandToken() => _withToken(NeverCancelled);
    }
}
