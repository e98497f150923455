using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Tests.Infrastructure;

/// <summary>
/// Loads LibraryWorkloads together with one chosen copy (woven or original) of a library it calls, so that woven and
/// original copies of the same assembly name run side by side in one process, each with statics of its own.
/// </summary>
/// <remarks>
/// Every other assembly comes from the default context. The Interrupts runtime in particular must: the scopes the
/// tests open are its statics, and the woven library has to see them.
/// </remarks>
public sealed class LibraryLoadContext : AssemblyLoadContext
{
    private const string WorkloadsAssembly = "LibraryWorkloads";

    private readonly Dictionary<string, string> _paths;

    public LibraryLoadContext(string libraryPath)
        : base($"{Path.GetFileNameWithoutExtension(libraryPath)} from {libraryPath}")
    {
        _paths = new Dictionary<string, string>
        {
            [WorkloadsAssembly] = Path.Combine(AppContext.BaseDirectory, WorkloadsAssembly + ".dll"),
            [Path.GetFileNameWithoutExtension(libraryPath)] = libraryPath,
        };
    }

    /// <summary>
    /// A public static method of LibraryWorkloads' <c>Workloads</c> class, as a delegate (so that exceptions come out
    /// unwrapped; <see cref="string"/> is the same type in every context).
    /// </summary>
    public Func<string, string> Workload(string methodName)
    {
        var workloads = LoadFromAssemblyName(new AssemblyName(WorkloadsAssembly)).GetType("LibraryWorkloads.Workloads", throwOnError: true)!;
        var method = workloads.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(workloads.FullName, methodName);
        return method.CreateDelegate<Func<string, string>>();
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name is { } name && _paths.TryGetValue(name, out var path) ? LoadFromAssemblyPath(path) : null;
}
