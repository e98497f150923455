using System;
using System.IO;
using System.Linq;
using Interrupts.Weaving.Core;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving
{
    /// <summary>
    /// Weaves an assembly in memory, as the Fody add-in does at build time: its loops, method entries and long straight
    /// runs get checkpoints that call the Interrupts runtime this host has loaded, so the host's scopes
    /// (<see cref="Interrupt.Check(System.Threading.CancellationToken)"/>, deadlines, budgets, Ctrl+C) stop it.
    /// </summary>
    /// <remarks>
    /// An assembly that was woven before (by the add-in or by this class) comes back as it was, and so does the runtime
    /// itself. Weaving is all or nothing: when something fails, nothing is written.
    /// </remarks>
    public static class AssemblyWeaver
    {
        private const string ReferenceAssemblyAttribute = "System.Runtime.CompilerServices.ReferenceAssemblyAttribute";

        /// <summary>Weaves the assembly <paramref name="image"/>, with its portable PDB when there is one.</summary>
        /// <param name="image">The assembly's bytes.</param>
        /// <param name="symbols">Its portable PDB, or null (a PDB embedded in the image is read and written back embedded).</param>
        /// <param name="options">The settings; <see cref="WeavingOptions.Default"/> when null.</param>
        /// <param name="name">The name errors give the assembly, such as its file; its assembly name when null.</param>
        /// <returns>The woven image and PDB, and what weaving did.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
        /// <exception cref="BadImageFormatException">The image is not a .NET assembly, or is a reference assembly.</exception>
        /// <exception cref="AssemblyWeavingException">The weaver cannot handle a method of the assembly.</exception>
        public static WovenAssembly Weave(byte[] image, byte[]? symbols = null, WeavingOptions? options = null, string? name = null)
        {
            ArgumentNullException.ThrowIfNull(image);
            var settings = (options ?? WeavingOptions.Default).ToSettings();
            using var module = Read(image, symbols, name);
            name ??= module.Assembly.Name.Name;
            WeavingReport report;
            try
            {
                report = new WeavingReport(InterruptWeaver.Weave(module, settings, HostRuntime.Read));
            }
            catch (WeavingFailure failure)
            {
                throw new AssemblyWeavingException($"Cannot weave {name}: {failure.Message}", name, failure.Method, failure);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Outside any one method (reading the assembly's types and attributes, say): still named, never raw.
                throw new AssemblyWeavingException($"Cannot weave {name}: {exception.Message}", name, null, exception);
            }

            return report.Outcome == WeavingOutcome.Woven ? Write(module, symbols != null, report, name) : new WovenAssembly(image, symbols, report);
        }

        /// <summary>
        /// Weaves the assembly read from <paramref name="image"/> into <paramref name="output"/>, with its portable PDB
        /// when there is one.
        /// </summary>
        /// <param name="image">The assembly, read to its end.</param>
        /// <param name="symbols">Its portable PDB, or null (a PDB embedded in the image is read and written back embedded).</param>
        /// <param name="output">Where the woven assembly is written.</param>
        /// <param name="symbolsOutput">Where the woven PDB is written, when <paramref name="symbols"/> is given; null to drop it.</param>
        /// <param name="options">The settings; <see cref="WeavingOptions.Default"/> when null.</param>
        /// <param name="name">The name errors give the assembly, such as its file; its assembly name when null.</param>
        /// <returns>What weaving did.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="image"/> or <paramref name="output"/> is null.</exception>
        /// <exception cref="BadImageFormatException">The image is not a .NET assembly, or is a reference assembly.</exception>
        /// <exception cref="AssemblyWeavingException">The weaver cannot handle a method of the assembly; nothing was written.</exception>
        public static WeavingReport Weave(Stream image, Stream? symbols, Stream output, Stream? symbolsOutput, WeavingOptions? options = null, string? name = null)
        {
            ArgumentNullException.ThrowIfNull(image);
            ArgumentNullException.ThrowIfNull(output);
            var woven = Weave(ReadAll(image), symbols is null ? null : ReadAll(symbols), options, name);
            output.Write(woven.Image);
            if (woven.Symbols != null)
            {
                symbolsOutput?.Write(woven.Symbols);
            }

            return woven.Report;
        }

        private static ModuleDefinition Read(byte[] image, byte[]? symbols, string? name)
        {
            ModuleDefinition module;
            try
            {
                module = ModuleDefinition.ReadModule(new MemoryStream(image, writable: false));
            }
            catch (Exception exception)
            {
                name ??= "the assembly";
                throw new BadImageFormatException($"{name} is not a .NET assembly: {exception.Message}", name, exception);
            }

            name ??= module.Assembly?.Name.Name ?? module.Name;
            try
            {
                if (symbols != null)
                {
                    module.ReadSymbols(new PortablePdbReaderProvider().GetSymbolReader(module, new MemoryStream(symbols, writable: false)));
                }
                else if (HasEmbeddedSymbols(module))
                {
                    module.ReadSymbols(new EmbeddedPortablePdbReaderProvider().GetSymbolReader(module, module.Name));
                }
            }
            catch (Exception exception)
            {
                module.Dispose();
                throw new BadImageFormatException($"The PDB of {name} is not a portable PDB of this assembly: {exception.Message}", name, exception);
            }

            if (module.Assembly is null)
            {
                module.Dispose();
                throw new BadImageFormatException($"{name} is a module without an assembly manifest; weave the assembly it belongs to.", name);
            }

            if (module.Assembly.CustomAttributes.Any(a => a.AttributeType.FullName == ReferenceAssemblyAttribute))
            {
                module.Dispose();
                throw new BadImageFormatException(
                    $"{name} is a reference assembly: it describes an API and holds no code to run. Weave the implementation assembly instead.", name);
            }

            return module;
        }

        private static bool HasEmbeddedSymbols(ModuleDefinition module) =>
            module.HasDebugHeader && module.GetDebugHeader().Entries.Any(e => e.Directory.Type == ImageDebugType.EmbeddedPortablePdb);

        private static WovenAssembly Write(ModuleDefinition module, bool separateSymbols, WeavingReport report, string name)
        {
            using var image = new MemoryStream();
            using var symbols = separateSymbols ? new MemoryStream() : null;
            try
            {
                module.Write(image, new WriterParameters
                {
                    WriteSymbols = module.HasSymbols,
                    SymbolStream = symbols,

                    // Cecil asks a provider for a writer even when told not to write symbols.
                    SymbolWriterProvider = !module.HasSymbols ? null
                        : separateSymbols ? new PortablePdbWriterProvider() : new EmbeddedSymbolsWriterProvider(),
                });
            }
            catch (Exception exception)
            {
                throw new AssemblyWeavingException($"Cannot weave {name}: writing the woven assembly failed: {exception.Message}", name, null, exception);
            }

            return new WovenAssembly(image.ToArray(), symbols?.ToArray(), report);
        }

        private static byte[] ReadAll(Stream stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        /// <summary>
        /// Writes the PDB embedded in the image. Cecil's own provider asks for a file name, which it does not use, and a
        /// module written to memory has none.
        /// </summary>
        private sealed class EmbeddedSymbolsWriterProvider : ISymbolWriterProvider
        {
            public ISymbolWriter GetSymbolWriter(ModuleDefinition module, string fileName) =>
                new EmbeddedPortablePdbWriterProvider().GetSymbolWriter(module, module.Name);

            public ISymbolWriter GetSymbolWriter(ModuleDefinition module, Stream symbolStream) => throw new NotSupportedException();
        }
    }
}
