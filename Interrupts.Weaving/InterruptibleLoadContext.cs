using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Interrupts.Weaving.Core;

namespace Interrupts.Weaving
{
    /// <summary>
    /// An <see cref="AssemblyLoadContext"/> that weaves every assembly it loads, so that the scopes the host opens
    /// (<see cref="Interrupt.Check(System.Threading.CancellationToken)"/>, <see cref="Interrupt.Deadline"/>,
    /// <see cref="Interrupt.Budget"/>, Ctrl+C through an <see cref="InterruptBuffer"/>) stop the code loaded into it.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A plugin and its own dependencies are found as the .NET plugin pattern finds them, through the plugin's
    /// <c>.deps.json</c> (<see cref="AssemblyDependencyResolver"/>), and each is woven as it loads. The framework, and
    /// any assembly the plugin does not carry itself (such as a contract shared with the host), come from the default
    /// context unwoven; the Interrupts runtime always comes from the host, so its scopes are the ones the plugin sees.
    /// </para>
    /// <para>
    /// Load through <see cref="LoadMainAssembly"/>, <see cref="AssemblyLoadContext.LoadFromAssemblyName"/> or
    /// <see cref="LoadWoven(string)"/>: the inherited <c>LoadFromAssemblyPath</c> and <c>LoadFromStream</c> load an
    /// assembly as it is, unwoven. A dependency that cannot be woven fails the code that needs it with the runtime's
    /// <see cref="FileLoadException"/>, whose <see cref="Exception.InnerException"/> is the
    /// <see cref="AssemblyWeavingException"/> or <see cref="BadImageFormatException"/> that says why.
    /// </para>
    /// </remarks>
    public sealed class InterruptibleLoadContext : AssemblyLoadContext
    {
        private readonly string? _mainAssemblyPath;
        private readonly AssemblyDependencyResolver? _resolver;
        private readonly WeavingOptions _options;
        private readonly ConcurrentQueue<WeavingReport> _reports = new();
        private readonly object _loading = new();

        /// <summary>A context for the plugin <paramref name="mainAssemblyPath"/> and the dependencies beside it.</summary>
        /// <param name="mainAssemblyPath">The plugin's assembly, with its <c>.deps.json</c> beside it when it has dependencies.</param>
        /// <param name="options">The weaving settings; <see cref="WeavingOptions.Default"/> when null.</param>
        /// <param name="isCollectible">True to be able to <see cref="AssemblyLoadContext.Unload"/> the context and what it loaded.</param>
        /// <exception cref="ArgumentNullException"><paramref name="mainAssemblyPath"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="mainAssemblyPath"/> is not a full path.</exception>
        /// <exception cref="FileNotFoundException">There is no file at <paramref name="mainAssemblyPath"/>.</exception>
        public InterruptibleLoadContext(string mainAssemblyPath, WeavingOptions? options = null, bool isCollectible = false)
            : base(Path.GetFileNameWithoutExtension(mainAssemblyPath ?? throw new ArgumentNullException(nameof(mainAssemblyPath))), isCollectible)
        {
            if (!Path.IsPathFullyQualified(mainAssemblyPath))
            {
                throw new ArgumentException($"'{mainAssemblyPath}' is not a full path; give the plugin's full path.", nameof(mainAssemblyPath));
            }

            if (!File.Exists(mainAssemblyPath))
            {
                throw new FileNotFoundException($"There is no plugin at '{mainAssemblyPath}'.", mainAssemblyPath);
            }

            _mainAssemblyPath = mainAssemblyPath;
            _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
            _options = options ?? WeavingOptions.Default;
        }

        /// <summary>A context for code given as images (<see cref="LoadWoven(byte[], byte[])"/>), such as compiled scripts.</summary>
        /// <param name="options">The weaving settings; <see cref="WeavingOptions.Default"/> when null.</param>
        /// <param name="isCollectible">True to be able to <see cref="AssemblyLoadContext.Unload"/> the context and what it loaded.</param>
        /// <param name="name">The context's name, for diagnostics.</param>
        public InterruptibleLoadContext(WeavingOptions? options = null, bool isCollectible = false, string? name = null)
            : base(name ?? "woven code", isCollectible)
        {
            _options = options ?? WeavingOptions.Default;
        }

        /// <summary>What weaving did to each assembly this context has loaded so far, in the order they were loaded.</summary>
        public IReadOnlyCollection<WeavingReport> Reports => _reports;

        /// <summary>Loads the plugin this context was made for, woven (once: later calls return the same assembly).</summary>
        /// <exception cref="InvalidOperationException">The context was made for images, not for a plugin.</exception>
        /// <exception cref="BadImageFormatException">The plugin is not a .NET assembly, or is a reference assembly.</exception>
        /// <exception cref="AssemblyWeavingException">The weaver cannot handle a method of the plugin; nothing was loaded.</exception>
        public Assembly LoadMainAssembly()
        {
            var path = _mainAssemblyPath ?? throw new InvalidOperationException("This context was made for images, not for a plugin; use LoadWoven.");
            return LoadOnce(Path.GetFileNameWithoutExtension(path), path);
        }

        /// <summary>Weaves the assembly at <paramref name="assemblyPath"/> (with the PDB beside it, if any) and loads it.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="assemblyPath"/> is null.</exception>
        /// <exception cref="FileNotFoundException">There is no such file.</exception>
        /// <exception cref="BadImageFormatException">The file is not a .NET assembly, or is a reference assembly.</exception>
        /// <exception cref="AssemblyWeavingException">The weaver cannot handle a method of it; nothing was loaded.</exception>
        public Assembly LoadWoven(string assemblyPath)
        {
            ArgumentNullException.ThrowIfNull(assemblyPath);
            var symbolsPath = Path.ChangeExtension(assemblyPath, ".pdb");
            return LoadWoven(File.ReadAllBytes(assemblyPath), File.Exists(symbolsPath) ? File.ReadAllBytes(symbolsPath) : null, assemblyPath);
        }

        /// <summary>Weaves the assembly <paramref name="image"/> (with its portable PDB, if any) and loads it.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
        /// <exception cref="BadImageFormatException">The image is not a .NET assembly, or is a reference assembly.</exception>
        /// <exception cref="AssemblyWeavingException">The weaver cannot handle a method of it; nothing was loaded.</exception>
        public Assembly LoadWoven(byte[] image, byte[]? symbols = null) => LoadWoven(image, symbols, name: null);

        /// <inheritdoc />
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == RuntimeReferences.RuntimeAssemblyName)
            {
                // Left to the default context when it holds the host's runtime, which it then gives: an assembly
                // returned from here took the runtime 6.3 ms to bind, most of the time a first submission of woven
                // code took, against 0.1 ms for the default context's own.
                return HostRuntime.DefaultContextResolves(assemblyName) ? null : HostRuntime.Assembly;
            }

            var path = _resolver?.ResolveAssemblyToPath(assemblyName);
            return path is null ? null : LoadOnce(assemblyName.Name!, path);
        }

        /// <inheritdoc />
        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

        // Two threads can need the same dependency at once; the second must get the assembly the first loaded, as
        // loading one name twice into a context fails.
        private Assembly LoadOnce(string name, string path)
        {
            lock (_loading)
            {
                return Assemblies.FirstOrDefault(a => a.GetName().Name == name) ?? LoadWoven(path);
            }
        }

        private Assembly LoadWoven(byte[] image, byte[]? symbols, string? name)
        {
            var woven = AssemblyWeaver.Weave(image, symbols, _options, name);
            using var imageStream = new MemoryStream(woven.Image, writable: false);
            using var symbolsStream = woven.Symbols is null ? null : new MemoryStream(woven.Symbols, writable: false);
            var assembly = LoadFromStream(imageStream, symbolsStream);
            _reports.Enqueue(woven.Report);
            return assembly;
        }
    }
}
