using System.Collections.Generic;

namespace Interrupts.Weaving.Core
{
    /// <summary>What weaving did to one module; each front door reports it in its own terms.</summary>
    internal sealed class WeavingSummary
    {
        public WeavingSummary(string assemblyName, ModuleState state, int methods, int checkpoints, IReadOnlyList<string> unmatchedPatterns)
        {
            AssemblyName = assemblyName;
            State = state;
            Methods = methods;
            Checkpoints = checkpoints;
            UnmatchedPatterns = unmatchedPatterns;
        }

        public string AssemblyName { get; }

        public ModuleState State { get; }

        /// <summary>The methods that got at least one checkpoint.</summary>
        public int Methods { get; }

        public int Checkpoints { get; }

        /// <summary>Include and Exclude patterns that selected no type: most likely misspelt.</summary>
        public IReadOnlyList<string> UnmatchedPatterns { get; }

        public override string ToString() => State switch
        {
            ModuleState.Woven => $"wove {Methods} methods of {AssemblyName}, inserting {Checkpoints} checkpoints.",
            ModuleState.AlreadyWoven => $"{AssemblyName} is already woven; left as it is.",
            _ => "the runtime assembly is never woven.",
        };
    }

    /// <summary>Whether a module was woven now, or left as it was and why.</summary>
    internal enum ModuleState
    {
        Woven,
        AlreadyWoven,
        Runtime,
    }
}
