using System;
using System.IO;
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

        public static System.Reflection.Assembly Assembly => typeof(Checkpoint).Assembly;

        public static AssemblyDefinition Read() => AssemblyDefinition.ReadAssembly(new MemoryStream(Image.Value, writable: false));

        private static byte[] ReadImage()
        {
            var location = Assembly.Location;
            if (location.Length == 0)
            {
                throw new InvalidOperationException(
                    $"The {Assembly.GetName().Name} runtime was not loaded from a file (a single-file app bundles it), so the weaver cannot read its checkpoints; publish with IncludeAllContentForSelfExtract or without PublishSingleFile.");
            }

            return File.ReadAllBytes(location);
        }
    }
}
