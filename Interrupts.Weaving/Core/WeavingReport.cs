using System.Collections.Generic;

namespace Interrupts.Weaving
{
    /// <summary>What weaving did to one assembly.</summary>
    public sealed class WeavingReport
    {
        internal WeavingReport(string assemblyName, WeavingOutcome outcome, int methods, int checkpoints, IReadOnlyList<string> unmatchedPatterns)
        {
            AssemblyName = assemblyName;
            Outcome = outcome;
            Methods = methods;
            Checkpoints = checkpoints;
            UnmatchedPatterns = unmatchedPatterns;
        }

        /// <summary>The simple name of the assembly.</summary>
        public string AssemblyName { get; }

        /// <summary>Whether the assembly was woven now, or left as it was and why.</summary>
        public WeavingOutcome Outcome { get; }

        /// <summary>How many methods got at least one checkpoint.</summary>
        public int Methods { get; }

        /// <summary>How many checkpoints were inserted, in all methods together.</summary>
        public int Checkpoints { get; }

        /// <summary>The Include and Exclude patterns that selected no type of the assembly: most likely misspelt.</summary>
        public IReadOnlyList<string> UnmatchedPatterns { get; }

        /// <inheritdoc />
        public override string ToString() => Outcome switch
        {
            WeavingOutcome.Woven => $"wove {Methods} methods of {AssemblyName}, inserting {Checkpoints} checkpoints.",
            WeavingOutcome.AlreadyWoven => $"{AssemblyName} is already woven; left as it is.",
            _ => "the runtime assembly is never woven.",
        };
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
