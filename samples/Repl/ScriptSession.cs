using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text;
using System.Threading.Tasks;
using Interrupts.Weaving;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Repl;

/// <summary>
/// A chain of C# script submissions, as csi keeps one: each is compiled by Roslyn on top of the earlier ones, so their
/// variables, methods, types and usings stay visible; woven in memory; loaded into one context; and run.
/// </summary>
/// <param name="weave">
/// False to load submissions as Roslyn compiled them, only to measure what weaving costs: nothing then stops them.
/// </param>
internal sealed class ScriptSession(bool weave = true)
{
    /// <summary>The namespaces every submission sees, those of csi and the Interrupts runtime.</summary>
    public static readonly ImmutableArray<string> DefaultUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading",
        "System.Threading.Tasks", "Interrupts",
    ];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        usings: DefaultUsings,
        optimizationLevel: OptimizationLevel.Release,
        nullableContextOptions: NullableContextOptions.Disable,
        // .NET on WebAssembly has one thread, which cannot wait for the others a concurrent build would start.
        concurrentBuild: !OperatingSystem.IsBrowser());

    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.PortablePdb);

    // What the user types may try not to be stopped: its finally blocks, static constructors and suppressions
    // hold an interrupt only for a bounded number of instructions, and a submission that calls Checkpoint is refused.
    private static readonly WeavingOptions Weaving = new() { Untrusted = true };

    /// <summary>
    /// The assemblies a submission may use where they are not files (.NET on WebAssembly): loaded by name, and read from
    /// memory. The framework's usual ones, and netstandard, to which the Interrupts runtime refers.
    /// </summary>
    private static readonly string[] LoadedReferences =
    [
        "System.Runtime", "System.Console", "System.Collections", "System.Collections.Concurrent", "System.Linq",
        "System.Memory", "System.Runtime.Numerics", "System.Text.RegularExpressions", "System.Threading",
        "System.ComponentModel.Primitives", "netstandard",
    ];

    // Every assembly the app can load, so a submission can use anything the runtime ships (and Interrupts).
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string files ? ReferencesFromFiles(files) : ReferencesFromMemory());

    // Roslyn bound the first submission wrongly now and then (CS4027, an awaiter that "does not implement
    // INotifyCompletion") while the warm-up compiled against the same references: one compilation at a time.
    private static readonly object Compiling = new();

    // One context for the session: a submission refers to the earlier ones by assembly name, and finds them here.
    private readonly InterruptibleLoadContext _context = new(Weaving, name: "REPL submissions");

    private CSharpCompilation? _previous;

    // As Roslyn's ScriptExecutionState keeps it: slot 0 holds the globals object (none here), and the constructor of
    // the submission with index i writes the submission into slot i + 1, where later submissions look it up.
    private object?[] _states = new object?[4];
    private int _submissionCount;

    /// <summary>Whether <paramref name="code"/> is a whole submission, or stops inside a block, string or the like.</summary>
    public static bool IsComplete(string code) =>
        SyntaxFactory.IsCompleteSubmission(SyntaxFactory.ParseSyntaxTree(code, ParseOptions));

    /// <summary>
    /// Compiles the reference set and the weaver once, without running anything, so that the first submission the user
    /// types does not wait for them.
    /// </summary>
    public static void WarmUp()
    {
        lock (Compiling)
        {
            var tree = SyntaxFactory.ParseSyntaxTree("int x = 0; while (x < 1) x++; x", ParseOptions);
            var compilation = CSharpCompilation.CreateScriptCompilation(
                "warm-up", tree, References.Value, CompilationOptions, returnType: typeof(object));
            using var image = new MemoryStream();
            using var symbols = new MemoryStream();
            if (compilation.Emit(image, symbols, options: EmitOptions).Success)
            {
                AssemblyWeaver.Weave(image.ToArray(), symbols.ToArray(), Weaving);
            }
        }
    }

    /// <summary>
    /// Compiles <paramref name="code"/> as the next submission. Nothing changes in the session: a submission joins it
    /// only when it runs, so one that does not compile leaves no trace.
    /// </summary>
    /// <param name="code">The source text.</param>
    /// <param name="path">The file the code comes from, to name it in diagnostics; null for typed input.</param>
    public Submission Compile(string code, string? path = null)
    {
        lock (Compiling)
        {
            var tree = SyntaxFactory.ParseSyntaxTree(SourceText.From(code, Encoding.UTF8), ParseOptions, path ?? "");
            var compilation = CSharpCompilation.CreateScriptCompilation(
                $"Submission{_submissionCount}", tree, References.Value, CompilationOptions, _previous, returnType: typeof(object));
            using var image = new MemoryStream();
            using var symbols = new MemoryStream();
            var emitted = compilation.Emit(image, symbols, options: EmitOptions);
            var diagnostics = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            if (!emitted.Success)
            {
                // Roslyn emits nothing, and says nothing, for a submission without code, such as a lone using directive;
                // that one is not an error, and joins the chain for its usings.
                var compiled = !diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
                return new Submission(compilation, diagnostics, compiled, null, null, HasValue: false);
            }

            return new Submission(compilation, diagnostics, Compiled: true, image.ToArray(), symbols.ToArray(), HasValue(compilation, tree));
        }
    }

    /// <summary>
    /// Weaves and loads <paramref name="submission"/>, and returns what starts it and gives the task of its value. From
    /// the moment it starts it belongs to the session, even if it throws or is interrupted: its variables keep the
    /// values they had.
    /// </summary>
    /// <exception cref="InvalidOperationException">The submission did not compile.</exception>
    /// <exception cref="AssemblyWeavingException">The weaver cannot handle the submission.</exception>
    public Func<Task<object?>> Load(Submission submission)
    {
        if (!submission.Compiled)
        {
            throw new InvalidOperationException("The submission did not compile.");
        }

        if (submission.Image is null)
        {
            return () =>
            {
                _previous = submission.Compilation;
                return Task.FromResult<object?>(null);
            };
        }

        var assembly = weave
            ? _context.LoadWoven(submission.Image, submission.Symbols)
            : _context.LoadFromStream(new MemoryStream(submission.Image), submission.Symbols is { } symbols ? new MemoryStream(symbols) : null);
        var entryPoint = submission.Compilation.GetEntryPoint(default)!;
        var factory = assembly.GetType(entryPoint.ContainingType.MetadataName, throwOnError: true)!
            .GetMethod(entryPoint.MetadataName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
            .CreateDelegate<Func<object?[], Task<object?>>>();
        return () =>
        {
            _previous = submission.Compilation;
            _submissionCount++;
            if (_submissionCount >= _states.Length)
            {
                // A new array, as ScriptExecutionState grows it: earlier submissions hold their predecessors directly.
                Array.Resize(ref _states, _states.Length * 2);
            }

            return factory(_states);
        };
    }

    private static ImmutableArray<MetadataReference> ReferencesFromFiles(string files) =>
        files.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    /// <summary>The metadata of the loaded assemblies, as the runtime holds it in memory.</summary>
    private static unsafe ImmutableArray<MetadataReference> ReferencesFromMemory()
    {
        foreach (var name in LoadedReferences)
        {
            Assembly.Load(name);
        }

        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && assembly.TryGetRawMetadata(out var blob, out var length))
            {
                references.Add(AssemblyMetadata.Create(ModuleMetadata.CreateFromMetadata((IntPtr)blob, length)).GetReference());
            }
        }

        return references.ToImmutable();
    }

    /// <summary>
    /// Whether the submission gives a value to show: a <c>return</c> at the top level, or a last expression without a
    /// semicolon that is not void. The same test as Roslyn's (internal) <c>Compilation.HasSubmissionResult</c>.
    /// </summary>
    private static bool HasValue(CSharpCompilation compilation, SyntaxTree tree)
    {
        var root = tree.GetCompilationUnitRoot();
        var statements = root.DescendantNodes(node => node is CompilationUnitSyntax or GlobalStatementSyntax or StatementSyntax);
        if (statements.Any(node => node.IsKind(SyntaxKind.ReturnStatement)))
        {
            return true;
        }

        return root.Members.LastOrDefault(member => member is GlobalStatementSyntax) is GlobalStatementSyntax
        {
            Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last,
        }
            && compilation.GetSemanticModel(tree).GetTypeInfo(last.Expression).ConvertedType?.SpecialType != SpecialType.System_Void;
    }
}

/// <summary>A compiled submission, or the diagnostics of one that did not compile.</summary>
/// <param name="Compilation">Roslyn's compilation of it, chained to the earlier submissions.</param>
/// <param name="Diagnostics">Its errors and warnings.</param>
/// <param name="Compiled">Whether it compiled without errors.</param>
/// <param name="Image">The assembly, unwoven; null when it did not compile or has no code (only using directives).</param>
/// <param name="Symbols">Its portable PDB, when it has an image.</param>
/// <param name="HasValue">Whether it ends with an expression whose value is to be shown.</param>
internal sealed record Submission(
    CSharpCompilation Compilation, IReadOnlyList<Diagnostic> Diagnostics, bool Compiled, byte[]? Image, byte[]? Symbols, bool HasValue);
