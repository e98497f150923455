using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using BenchmarkDotNet.Attributes;
using Interrupts.Fody;
using Interrupts.Weaving;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// The time to weave a real library with the <see cref="ModuleWeaver"/>, against the part of it that any Fody
    /// add-in pays: reading the assembly with Cecil and writing it back. Both read the file the build would and write to
    /// memory, so that the disk adds nothing to either. And in the <see cref="LoadTime"/> category, the same for the
    /// load-time <see cref="AssemblyWeaver"/>: from bytes in memory to bytes in memory, as a host loading a plugin does.
    /// </summary>
    public class WeavingBenchmarks
    {
        /// <summary>The category of the benchmarks of weaving at load time: the loadtime command runs them, beside the
        /// others for reference; the bench command leaves them out.</summary>
        public const string LoadTime = "load time";

        private readonly MemoryStream _output = new();
        private string _path = "";
        private byte[] _image = [];

        public static IEnumerable<string> Libraries => ["Newtonsoft.Json", "Markdig"];

        [ParamsSource(nameof(Libraries))]
        public string Library { get; set; } = "";

        [GlobalSetup]
        public void Setup()
        {
            _path = Path.Combine(AppContext.BaseDirectory, Library + ".dll");
            _image = File.ReadAllBytes(_path);
        }

        [Benchmark(Baseline = true)]
        public long CecilReadWrite()
        {
            using var resolver = Resolver();
            using var module = Read(_path, resolver);
            return Write(module);
        }

        /// <summary>Read + write, decoding every method body on the way: Cecil copies the bodies nobody looked at as they
        /// are, so this is the least an add-in that edits bodies pays.</summary>
        [Benchmark]
        public long CecilReadDecodeWrite()
        {
            using var resolver = Resolver();
            using var module = Read(_path, resolver);
            var instructions = Bodies(module).Sum(b => b.Instructions.Count);
            return Write(module) + instructions;
        }

        [Benchmark]
        public long Weave()
        {
            using var resolver = Resolver();
            using var module = Read(_path, resolver);
            new ModuleWeaver { Config = new XElement("Interrupts"), ModuleDefinition = module, AssemblyResolver = resolver }.Execute();
            return Write(module);
        }

        /// <summary>A Cecil read and write of the library's bytes in memory, as <see cref="AssemblyWeaver"/> reads and
        /// writes them: the least it pays.</summary>
        [Benchmark]
        [BenchmarkCategory(LoadTime)]
        public int CecilReadWriteBytes()
        {
            using var resolver = Resolver();
            using var module = ModuleDefinition.ReadModule(new MemoryStream(_image, writable: false), new ReaderParameters { AssemblyResolver = resolver });
            using var image = new MemoryStream();
            module.Write(image);
            return image.ToArray().Length;
        }

        [Benchmark]
        [BenchmarkCategory(LoadTime)]
        public int AssemblyWeaverWeave() => AssemblyWeaver.Weave(_image).Image.Length;

        /// <summary>What weaving <paramref name="library"/> does to its IL, read back with Cecil.</summary>
        public static IlGrowth MeasureIlGrowth(string library)
        {
            var path = Path.Combine(AppContext.BaseDirectory, library + ".dll");
            var woven = new WeavingBenchmarks { Library = library };
            woven.Setup();
            woven.Weave();
            using var resolver = Resolver();
            using var original = Read(path, resolver);
            using var copy = ModuleDefinition.ReadModule(new MemoryStream(woven._output.ToArray()), new ReaderParameters { AssemblyResolver = resolver });
            // A checkpoint calls Enter or EnterLeasing at a method's entry, Tick elsewhere, or in a loop's copy, Renew.
            var checkpoints = Bodies(copy).SelectMany(b => b.Instructions).Count(i =>
                Calls(i, nameof(Checkpoint.Enter)) || Calls(i, nameof(Checkpoint.EnterLeasing)) || Calls(i, nameof(Checkpoint.Tick)) || Calls(i, nameof(Checkpoint.Renew)));
            // A check before an array ends with the call: its bytes are the call's and those of dup; conv.i8; ldc size before it.
            var arrayChecks = Bodies(copy).SelectMany(b => b.Instructions).Where(i => Calls(i, nameof(Checkpoint.BeforeNewArray))).ToList();
            var arrayCheckBytes = arrayChecks.Sum(call => call.GetSize() + call.Previous.GetSize() + call.Previous.Previous.GetSize() + call.Previous.Previous.Previous.GetSize());
            return new IlGrowth(library, Bodies(original).Sum(b => (long)b.CodeSize), Bodies(copy).Sum(b => (long)b.CodeSize), checkpoints, arrayChecks.Count, arrayCheckBytes);
        }

        private static bool Calls(Instruction instruction, string method) =>
            instruction.Operand is MethodReference { DeclaringType.FullName: "Interrupts.Checkpoint" } called && called.Name == method;

        private static IEnumerable<MethodBody> Bodies(ModuleDefinition module) =>
            module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).Select(m => m.Body);

        /// <summary>Resolves what the library references, and the Interrupts runtime the weaver imports, from the benchmarks'
        /// folder and the running framework's, as Fody does from the project's references.</summary>
        private static DefaultAssemblyResolver Resolver()
        {
            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(AppContext.BaseDirectory);
            resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
            return resolver;
        }

        private static ModuleDefinition Read(string path, IAssemblyResolver resolver) =>
            ModuleDefinition.ReadModule(path, new ReaderParameters { AssemblyResolver = resolver });

        private long Write(ModuleDefinition module)
        {
            _output.SetLength(0);
            module.Write(_output);
            return _output.Length;
        }
    }

    /// <summary>The bytes of all method bodies of a library before and after weaving, the checkpoints inserted, and the
    /// checks before arrays inserted and their bytes.</summary>
    public sealed record IlGrowth(string Library, long BytesBefore, long BytesAfter, int Checkpoints, int ArrayChecks, long ArrayCheckBytes)
    {
        public double Percent => 100.0 * (BytesAfter - BytesBefore) / BytesBefore;
    }
}
