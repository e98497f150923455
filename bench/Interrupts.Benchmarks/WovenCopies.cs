using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Xml.Linq;
using Fody;
using Interrupts.Fody;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// Woven copies of assemblies that sit unwoven beside the benchmarks, loaded into a context of their own so that
    /// woven and unwoven code run side by side in one process. Everything else, the Interrupts runtime in particular
    /// (its scopes must be the ones the benchmarks open), comes from the default context.
    /// </summary>
    public sealed class WovenCopies : AssemblyLoadContext
    {
        // Each assembly is woven once per process, however many contexts load it: weaving again would rewrite a file that
        // an earlier context has mapped.
        private static readonly Dictionary<string, string> WovenPaths = new();

        private readonly Dictionary<string, string> _paths = new();

        /// <summary>Weaves each named assembly of the benchmarks' folder with the default settings.</summary>
        public WovenCopies(params string[] assemblyNames)
            : base("woven copies")
        {
            foreach (var name in assemblyNames)
            {
                _paths[name] = Weave(name);
            }
        }

        /// <summary>Loads, into this context, an assembly that calls the woven ones: it binds to them.</summary>
        public void AddCaller(string assemblyName) => _paths[assemblyName] = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");

        /// <summary>A public static method of a type in this context, as a delegate.</summary>
        public TDelegate Method<TDelegate>(string assemblyName, string typeName, string methodName)
            where TDelegate : Delegate
        {
            var type = LoadFromAssemblyName(new AssemblyName(assemblyName)).GetType(typeName, throwOnError: true)!;
            var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)
                ?? throw new MissingMethodException(typeName, methodName);
            return method.CreateDelegate<TDelegate>();
        }

        private static string Weave(string assemblyName)
        {
            lock (WovenPaths)
            {
                if (!WovenPaths.TryGetValue(assemblyName, out var path))
                {
                    var weaver = new ModuleWeaver { Config = new XElement("Interrupts") };
                    path = WovenPaths[assemblyName] = weaver.ExecuteTestRun(Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"), runPeVerify: false).AssemblyPath;
                }

                return path;
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name is { } name && _paths.TryGetValue(name, out var path) ? LoadFromAssemblyPath(path) : null;
    }
}
