using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Interrupts.Weaving;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// What weaving costs a REPL: <see cref="AssemblyWeaver.Weave(byte[], byte[], WeavingOptions, string)"/> of a typical
    /// submission's assembly, against what the REPL pays anyway, Roslyn's compile and emit of it. The references to the
    /// framework are made in the setup of both, as a REPL makes them once for all its submissions.
    /// </summary>
    public class SubmissionBenchmarks
    {
        /// <summary>A few lines, as typed at a prompt: a method with a loop, a LINQ query, an expression for the result.</summary>
        public const string Code = """
            long SumOfSquares(int n)
            {
                long sum = 0;
                for (var i = 1; i <= n; i++) sum += (long)i * i;
                return sum;
            }

            var words = new[] { "interrupt", "checkpoint", "scope", "budget", "deadline", "token", "buffer" };
            var longest = words.Where(w => w.Length > 5).OrderByDescending(w => w.Length).ThenBy(w => w).Select(w => w.ToUpperInvariant()).ToList();
            $"{SumOfSquares(10_000)} {string.Join(",", longest)}"
            """;

        private const string AssemblyName = "Submission";

        private byte[] _image = [];

        [GlobalSetup(Target = nameof(CompileAndEmit))]
        public void SetupCompile() => RoslynCompiler.LoadReferences();

        [GlobalSetup(Target = nameof(Weave))]
        public void SetupWeave() => _image = Emit();

        [Benchmark(Baseline = true)]
        public int CompileAndEmit() => Emit().Length;

        [Benchmark]
        public int Weave() => AssemblyWeaver.Weave(_image).Image.Length;

        /// <summary>
        /// Throws unless the submission, plain and woven, each loaded as a REPL loads it, returns the same value, and
        /// unless the woven one passes checkpoints: a benchmark of weaving that breaks the code would be worth nothing.
        /// </summary>
        public static void Check()
        {
            var plain = Emit();
            var expected = Run(new AssemblyLoadContext("submission, plain").LoadFromStream(new MemoryStream(plain, writable: false)));
            long checkpoints = 0;
            object actual;
            using (Interrupt.Check(() => checkpoints++, 1))
            {
                actual = Run(new InterruptibleLoadContext(name: "submission, woven").LoadWoven(plain));
            }

            if (!Equals(actual, expected) || checkpoints == 0)
            {
                throw new InvalidOperationException($"The submission returned {expected}, and woven {actual}, passing {checkpoints} checkpoints.");
            }

            Console.WriteLine($"checked the submission: plain and woven it returns \"{expected}\"; woven, it passed {checkpoints} checkpoints");
        }

        private static byte[] Emit() => RoslynCompiler.Emit(RoslynCompiler.Submission(AssemblyName, Code));

        /// <summary>Runs the first submission of a script as Roslyn's scripting layer does: its factory, given the array of
        /// the script's state, slot 0 for the globals object (none here) and slot 1 for this submission.</summary>
        private static object Run(Assembly submission)
        {
            var factory = submission.GetTypes().Single(t => t.Name == RoslynCompiler.SubmissionClassName).GetMethod("<Factory>", BindingFlags.Public | BindingFlags.Static)!
                .CreateDelegate<Func<object?[], Task<object>>>();
            return factory(new object?[2]).GetAwaiter().GetResult();
        }
    }
}
