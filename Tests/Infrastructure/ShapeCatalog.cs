using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Mono.Cecil;

namespace Tests.Infrastructure;

/// <summary>
/// The shapes of IL that the test inputs hold, found by convention: a public type with
/// <c>public static long Run(int n)</c> computes a result that must be the same woven and unwoven; one that also has
/// <c>public static void Forever(StrongBox&lt;long&gt; progress)</c> loops or recurses until it is interrupted,
/// counting its iterations in progress.
/// </summary>
public static class ShapeCatalog
{
    private const string RunMethod = "Run";
    private const string ForeverMethod = "Forever";

    /// <summary>(input, type) of every shape with a Run method.</summary>
    public static TheoryData<string, string> Computing => Find(RunMethod);

    /// <summary>(input, type) of every shape with a Forever method.</summary>
    public static TheoryData<string, string> Endless => Find(ForeverMethod);

    public static Func<int, long> Run(Assembly assembly, string type) =>
        Method(assembly, type, RunMethod, typeof(int)).CreateDelegate<Func<int, long>>();

    public static Action<StrongBox<long>> Forever(Assembly assembly, string type) =>
        Method(assembly, type, ForeverMethod, typeof(StrongBox<long>)).CreateDelegate<Action<StrongBox<long>>>();

    /// <summary>
    /// Read with Cecil rather than reflection, so that the hand-built input is listed without being written to disk
    /// while tests are being discovered.
    /// </summary>
    private static TheoryData<string, string> Find(string method)
    {
        var data = new TheoryData<string, string>();
        foreach (var assembly in UnwovenInputs())
        {
            using (assembly)
            {
                foreach (var type in assembly.MainModule.Types.Where(t => t.IsPublic && t.Methods.Any(m => m.IsPublic && m.IsStatic && m.Name == method)))
                {
                    data.Add(assembly.Name.Name, type.FullName);
                }
            }
        }

        return data;
    }

    /// <summary>Reads a test input as compiled (or, for the hand-built one, as built).</summary>
    public static AssemblyDefinition ReadUnwoven(string input) => input switch
    {
        HandBuiltIl.AssemblyName => HandBuiltIl.Build(),
        _ => AssemblyDefinition.ReadAssembly(CompiledInputs.Single(a => a.GetName().Name == input).Location),
    };

    private static readonly Assembly[] CompiledInputs = [typeof(AssemblyToProcess.Loops).Assembly, typeof(AssemblyToProcess.FSharp.Shape).Assembly];

    private static IEnumerable<AssemblyDefinition> UnwovenInputs() =>
        CompiledInputs.Select(a => a.GetName().Name!).Append(HandBuiltIl.AssemblyName).Select(ReadUnwoven);

    private static MethodInfo Method(Assembly assembly, string type, string name, Type parameter) =>
        assembly.GetType(type, throwOnError: true)!.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [parameter])
        ?? throw new MissingMethodException(type, name);
}
