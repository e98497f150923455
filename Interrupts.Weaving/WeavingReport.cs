using System.Collections.Generic;
using Interrupts.Weaving.Core;

namespace Interrupts.Weaving
{
    /// <summary>What weaving did to one assembly.</summary>
    public sealed class WeavingReport
    {
        private readonly WeavingSummary _summary;

        internal WeavingReport(WeavingSummary summary)
        {
            _summary = summary;
        }

        /// <summary>The simple name of the assembly.</summary>
        public string AssemblyName => _summary.AssemblyName;

        /// <summary>Whether the assembly was woven now, or left as it was and why.</summary>
        public WeavingOutcome Outcome => _summary.State switch
        {
            ModuleState.Woven => WeavingOutcome.Woven,
            ModuleState.AlreadyWoven => WeavingOutcome.AlreadyWoven,
            _ => WeavingOutcome.Runtime,
        };

        /// <summary>How many methods got at least one checkpoint.</summary>
        public int Methods => _summary.Methods;

        /// <summary>How many checkpoints were inserted, in all methods together.</summary>
        public int Checkpoints => _summary.Checkpoints;

        /// <summary>The Include and Exclude patterns that selected no type of the assembly: most likely misspelt.</summary>
        public IReadOnlyList<string> UnmatchedPatterns => _summary.UnmatchedPatterns;

        /// <summary>What weaving did, in the words of the Fody add-in's build log.</summary>
        public override string ToString() => _summary.ToString();
    }

    /// <summary>What happened to an assembly given to the weaver.</summary>
    public enum WeavingOutcome
    {
        /// <summary>Its selected methods got their checkpoints (possibly none, when nothing loops or calls).</summary>
        Woven,

        /// <summary>It was woven before (by the Fody add-in or the load-time API) and is left as it is.</summary>
        AlreadyWoven,

        /// <summary>It is the Interrupts runtime itself, which is never woven.</summary>
        Runtime,
    }
}
