using System;
using System.IO;
using System.Reflection;
using Interrupts.Weaving;

namespace Tests.Infrastructure;

/// <summary>
/// AssemblyToProcess woven at load time as untrusted code, with a hold bound of <see cref="HoldBound"/> instructions:
/// loaded, and written out for the JIT verifier.
/// </summary>
public sealed class UntrustedAssembly
{
    public const int HoldBound = 100_000;

    /// <summary>The default interval, which the assembly is woven with.</summary>
    public const int Interval = 1000;

    public static readonly WeavingOptions Options = new() { Untrusted = true, MaxHeldInstructions = HoldBound };

    public UntrustedAssembly()
    {
        var image = File.ReadAllBytes("AssemblyToProcess.dll");
        var symbols = File.ReadAllBytes("AssemblyToProcess.pdb");
        Path = System.IO.Path.Combine(AppContext.BaseDirectory, "untrusted", "AssemblyToProcess.dll");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllBytes(Path, AssemblyWeaver.Weave(image, symbols, Options).Image);
        Loaded = new InterruptibleLoadContext(Options, name: "untrusted AssemblyToProcess").LoadWoven(image, symbols);
    }

    /// <summary>The woven image, written out.</summary>
    public string Path { get; }

    public Assembly Loaded { get; }

    /// <summary>A public static method of the loaded assembly, as a delegate (so exceptions come out unwrapped).</summary>
    public TDelegate Method<TDelegate>(string typeName, string methodName)
        where TDelegate : Delegate =>
        Loaded.GetType("AssemblyToProcess." + typeName, throwOnError: true)!.GetMethod(methodName)!.CreateDelegate<TDelegate>();
}
