using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using Interrupts;
using Interrupts.Weaving;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

[assembly: SupportedOSPlatform("browser")]

namespace BrowserRepl;

internal static partial class ReplWorker
{
    [JSExport]
    internal static unsafe string Probe(string code)
    {
        var clock = Stopwatch.StartNew();
        foreach (var name in new[] { "System.Runtime", "System.Console", "System.Collections", "System.Linq", "netstandard" })
        {
            Assembly.Load(name);
        }

        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic)
            .Select(a => a.TryGetRawMetadata(out var blob, out var length) ? AssemblyMetadata.Create(ModuleMetadata.CreateFromMetadata((IntPtr)blob, length)).GetReference() : null)
            .OfType<MetadataReference>()
            .ToList();
        var loadedMs = clock.ElapsedMilliseconds;
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var compilation = CSharpCompilation.CreateScriptCompilation("probe", tree, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, concurrentBuild: false, usings: ["System", "Interrupts"]), returnType: typeof(object));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            return string.Join("\n", emitted.Diagnostics);
        }

        var compiledMs = clock.ElapsedMilliseconds;
        var woven = AssemblyWeaver.Weave(image.ToArray(), options: new WeavingOptions { Untrusted = true });
        var assembly = new InterruptibleLoadContext().LoadFromStream(new MemoryStream(woven.Image));
        var entry = compilation.GetEntryPoint(default)!;
        var factory = assembly.GetType(entry.ContainingType.MetadataName)!.GetMethod(entry.MetadataName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        object? result;
        try
        {
            using (Interrupt.Budget(10_000_000))
            {
                result = ((System.Threading.Tasks.Task<object>)factory.Invoke(null, [new object?[4]])!).Result;
            }
        }
        catch (Exception e)
        {
            result = e.GetBaseException().GetType().Name + ": " + e.GetBaseException().Message;
        }

        return $"{references.Count} references in {loadedMs} ms, compiled at {compiledMs} ms, woven {woven.Report}, result {result} at {clock.ElapsedMilliseconds} ms";
    }
}
