using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Mono.Cecil;

namespace Interrupts.Weaving
{
    /// <summary>
    /// The Interrupts runtime this host has loaded: code woven at load time calls its checkpoints, so that the scopes
    /// the host opens are the ones the woven code sees.
    /// </summary>
    internal static class HostRuntime
    {
        // Read from disk once; each weave parses its own copy, because Cecil's lazily read definitions are not safe to
        // share between threads weaving at the same time.
        private static readonly Lazy<byte[]> Image = new(ReadImage);

        private static readonly bool InDefaultContext = AssemblyLoadContext.GetLoadContext(Assembly) == AssemblyLoadContext.Default;

        private static readonly Version? Version = Assembly.GetName().Version;

        public static Assembly Assembly => typeof(Checkpoint).Assembly;

        /// <summary>
        /// Whether the default context, asked for <paramref name="reference"/>, gives the host's runtime: it holds it,
        /// and its version satisfies the reference.
        /// </summary>
        public static bool DefaultContextResolves(AssemblyName reference) =>
            InDefaultContext && (reference.Version is null || Version >= reference.Version);

        public static AssemblyDefinition Read() => AssemblyDefinition.ReadAssembly(new MemoryStream(Image.Value, writable: false));

        /// <summary>
        /// The runtime this weaver was built with, which it carries: what it reads when the host's runtime was loaded
        /// from no file (a single-file app bundles it; .NET on WebAssembly has no files). Woven code then refers to that
        /// version, which the host's runtime, of that version or a later one, satisfies.
        /// </summary>
        internal static byte[] EmbeddedImage()
        {
            using var resource = typeof(HostRuntime).Assembly.GetManifestResourceStream("Interrupts.dll")!;
            using var image = new MemoryStream();
            resource.CopyTo(image);
            return image.ToArray();
        }

        private static byte[] ReadImage()
        {
            var location = Assembly.Location;
            return location.Length == 0 ? EmbeddedImage() : File.ReadAllBytes(location);
        }
    }
}
