using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using LibraryWorkloads;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// Real libraries from NuGet, woven whole, doing what an application asks of them. A token checked by hand has no
    /// place here: nobody rewrites Json.NET's loops.
    /// </summary>
    public class LibraryBenchmarks : VariantBenchmarks<string>
    {
        public const string Kind = "library";

        private const int Seed = 20240229;

        /// <summary>Every workload, all of them in the quick run too: a name, the library it weaves, the method of
        /// <see cref="LibraryWorkloads.Workloads"/> that calls it, and the document it is given (64 KB: milliseconds of work).</summary>
        public static readonly IReadOnlyList<(string Name, string Assembly, string Method, Func<string> Document)> All =
        [
            ("Newtonsoft.Json round-trip", "Newtonsoft.Json", nameof(LibraryWorkloads.Workloads.JsonRoundTrip), () => Documents.Json(Seed, 1 << 16)),
            ("Markdig rendering", "Markdig", nameof(LibraryWorkloads.Workloads.MarkdownToHtml), () => Documents.Markdown(Seed, 1 << 16)),
        ];

        public static IEnumerable<string> Names => All.Select(w => w.Name);

        [ParamsSource(nameof(Names))]
        public override string Workload { get; set; } = "";

        [GlobalSetup]
        public override void Setup()
        {
            var workload = All.Single(w => w.Name == Workload);
            var document = workload.Document();
            var caller = typeof(LibraryWorkloads.Workloads);
            var woven = new WovenCopies(workload.Assembly);
            woven.AddCaller(caller.Assembly.GetName().Name!);
            var unwovenRun = caller.GetMethod(workload.Method)!.CreateDelegate<Func<string, string>>();
            var wovenRun = woven.Method<Func<string, string>>(caller.Assembly.GetName().Name!, caller.FullName!, workload.Method);
            Use(() => unwovenRun(document), () => wovenRun(document));
        }
    }
}
