using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// Compiles C# in memory with Roslyn, as a host that runs code it did not build does (a script host, a REPL, a
    /// notebook): a library from a source file, or a script submission. Release, no PDB.
    /// </summary>
    public static class RoslynCompiler
    {
        /// <summary>The name of the static field of the ModuleCancellation token, in <c>&lt;PrivateImplementationDetails&gt;</c>.</summary>
        public const string ModuleCancellationTokenField = "ModuleCancellationToken";

        /// <summary>The class of a <see cref="Submission"/>, whose static <c>&lt;Factory&gt;</c> runs it.</summary>
        public const string SubmissionClassName = "Submission#0";

        /// <summary>Roslyn's own instrumentation: a <c>ThrowIfCancellationRequested</c> on a static token of the module in
        /// every method and loop.</summary>
        public static readonly EmitOptions ModuleCancellation =
            new EmitOptions().WithInstrumentationKinds(ImmutableArray.Create(InstrumentationKind.ModuleCancellation));

        /// <summary>Roslyn's other instrumentation: <c>RuntimeHelpers.EnsureSufficientExecutionStack()</c> at the start of
        /// every method.</summary>
        public static readonly EmitOptions StackOverflowProbing =
            new EmitOptions().WithInstrumentationKinds(ImmutableArray.Create(InstrumentationKind.StackOverflowProbing));

        private static readonly CSharpParseOptions LibraryParsing = new(LanguageVersion.Latest);
        private static readonly CSharpParseOptions ScriptParsing = LibraryParsing.WithKind(SourceCodeKind.Script);

        // Made once per process, as a host makes them once for all it compiles.
        private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(ReadFrameworkReferences);

        /// <summary>Makes the references to the framework now, rather than in the first compilation.</summary>
        public static void LoadReferences() => _ = FrameworkReferences.Value;

        /// <summary>A library of one source file, optimized.</summary>
        public static CSharpCompilation Library(string assemblyName, string source) =>
            CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source, LibraryParsing)], FrameworkReferences.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));

        /// <summary>A script submission with no earlier one, optimized, importing <c>System</c>, <c>System.Linq</c> and
        /// <c>System.Collections.Generic</c> as C# REPLs do by default; its class is named as Roslyn's scripting layer
        /// names a first submission's (<see cref="SubmissionClassName"/>).</summary>
        public static CSharpCompilation Submission(string assemblyName, string code) =>
            CSharpCompilation.CreateScriptCompilation(assemblyName, CSharpSyntaxTree.ParseText(code, ScriptParsing), FrameworkReferences.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                    usings: ["System", "System.Linq", "System.Collections.Generic"], scriptClassName: SubmissionClassName),
                returnType: typeof(object));

        /// <summary>The assembly's bytes.</summary>
        /// <exception cref="InvalidOperationException">The code does not compile.</exception>
        public static byte[] Emit(CSharpCompilation compilation, EmitOptions? options = null)
        {
            using var image = new MemoryStream();
            var result = compilation.Emit(image, options: options);
            if (!result.Success)
            {
                throw new InvalidOperationException(
                    $"{compilation.AssemblyName} does not compile:\n{string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))}");
            }

            return image.ToArray();
        }

        /// <summary>The framework assemblies this process runs on: those of its trusted platform assemblies that sit in the
        /// runtime's folder (the others are the benchmarks' own dependencies, which compiled code does not use).</summary>
        private static IReadOnlyList<MetadataReference> ReadFrameworkReferences()
        {
            var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location);
            return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(path => Path.GetDirectoryName(path) == runtimeFolder)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToList();
        }
    }
}
