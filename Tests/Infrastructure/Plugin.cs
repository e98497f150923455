using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Tests.Infrastructure;

/// <summary>
/// PluginToLoad, built into its own folder with its dependencies from NuGet (Jint and Acornima) and its .deps.json,
/// as a host finds a plugin.
/// </summary>
public static class Plugin
{
    public static string MainAssemblyPath { get; } =
        Path.Combine(Repository.Root, "PluginToLoad", "bin", Repository.Configuration, "net10.0", "PluginToLoad.dll");

    /// <summary>The plugin's one entry point: JavaScript in, its completion value out.</summary>
    public static Func<string, string> Evaluate(Assembly plugin) =>
        plugin.GetType("PluginToLoad.JavaScript", throwOnError: true)!.GetMethod("Evaluate")!.CreateDelegate<Func<string, string>>();

    /// <summary>The plugin loaded as the .NET plugin pattern loads it, unwoven: the original to compare with.</summary>
    public static Func<string, string> LoadUnwoven() => Evaluate(new UnwovenContext().LoadFromAssemblyPath(MainAssemblyPath));

    private sealed class UnwovenContext() : AssemblyLoadContext("unwoven plugin")
    {
        private readonly AssemblyDependencyResolver _resolver = new(MainAssemblyPath);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
