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
                report = InterruptWeaver.Weave(module, settings, HostRuntime.Read);
            }
            catch (WeavingFailure failure)
            {
                throw new AssemblyWeavingException($"Cannot weave {name}: {failure.Message}", name, failure.Method, failure);
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
            var parameters = new ReaderParameters
            {
                ReadSymbols = true,
                SymbolStream = symbols is null ? null : new MemoryStream(symbols, writable: false),
                SymbolReaderProvider = symbols is null ? new DefaultSymbolReaderProvider(throwIfNoSymbol: false) : new PortablePdbReaderProvider(),
            };

            ModuleDefinition module;
            try
            {
                module = ModuleDefinition.ReadModule(new MemoryStream(image, writable: false), parameters);
            }
            catch (Exception exception)
            {
                name ??= "the assembly";
                throw new BadImageFormatException($"{name} is not a .NET assembly{(symbols is null ? "" : " with a matching portable PDB")}: {exception.Message}", name, exception);
            }

            name ??= module.Assembly?.Name.Name ?? module.Name;
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
                    // Cecil asks a provider it is given for a writer even when WriteSymbols is false, and the embedded one
                    // insists on a file name, which a stream has not: an image without symbols must get no provider.
                    SymbolWriterProvider = !module.HasSymbols ? null : separateSymbols ? new PortablePdbWriterProvider() : new EmbeddedPortablePdbWriterProvider(),
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
    }
}
