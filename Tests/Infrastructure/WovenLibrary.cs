using System;
using System.IO;
using Fody;
using LibraryWorkloads;

namespace Tests.Infrastructure;

/// <summary>
/// A real library from NuGet, woven once per test run with the default settings, with a workload on it and documents
/// of three sizes for that workload, each with the output the original library gives for it.
/// </summary>
public abstract class WovenLibrary
{
    private const int Seed = 20240229;

    private readonly string _workload;

    protected WovenLibrary(string name, string workload, Func<int, int, string> generate, Func<int, string> generateSmall)
    {
        Name = name;
        _workload = workload;
        OriginalPath = Path.Combine(AppContext.BaseDirectory, name + ".dll");

        // Woven under its own name (into fodytemp/ beside the original), so that LibraryWorkloads, compiled against the
        // original, binds to it.
        Result = Weaving.Weave(OriginalPath);
        Figures = WeavingFigures.Measure(OriginalPath, Result.AssemblyPath);

        var original = Original();
        Sample Run(string document) => new(document, original(document));
        Large = Run(generate(Seed, 1 << 20));
        Medium = Run(generate(Seed, 1 << 18));
        Small = Run(generateSmall(Seed));
    }

    public string Name { get; }

    public string OriginalPath { get; }

    public TestResult Result { get; }

    public WeavingFigures Figures { get; }

    /// <summary>A document of at least a mebibyte (of characters, and so of UTF-8 bytes: it is mostly ASCII).</summary>
    public Sample Large { get; }

    /// <summary>A quarter of <see cref="Large"/>: big enough to run every kind of content many times, small enough to run
    /// dozens of times with a callback at every checkpoint.</summary>
    public Sample Medium { get; }

    /// <summary>A document small enough to interrupt at each of its checkpoints in turn.</summary>
    public Sample Small { get; }

    /// <summary>The workload on the woven library, loaded into a context of its own: its statics start unset.</summary>
    public Func<string, string> Woven() => new LibraryLoadContext(Result.AssemblyPath).Workload(_workload);

    /// <summary>The workload on the original library, loaded into a context of its own.</summary>
    public Func<string, string> Original() => new LibraryLoadContext(OriginalPath).Workload(_workload);
}

/// <summary>A document for a workload, and what the workload makes of it with the original library.</summary>
public sealed record Sample(string Document, string OriginalOutput);

/// <remarks>Its small document is a catalog of one product.</remarks>
public sealed class WovenNewtonsoftJson() : WovenLibrary("Newtonsoft.Json", nameof(Workloads.JsonRoundTrip), Documents.Json, seed => Documents.Json(seed, 1));

public sealed class WovenMarkdig() : WovenLibrary("Markdig", nameof(Workloads.MarkdownToHtml), Documents.Markdown, _ => Documents.MarkdownMiniature);
