using System;

namespace Interrupts.Benchmarks
{
    /// <summary>Which variant of issue 6 a benchmark method measures, so that the check of results and the headline table
    /// read it from the method itself.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class VariantAttribute(int number, string scope) : Attribute
    {
        /// <summary>1 unwoven, 2 woven with no scope, 3 woven in a scope fed from outside, 4 woven in a counting scope,
        /// 5 unwoven with a token checked by hand, 6 unwoven, compiled by Roslyn with its ModuleCancellation instrumentation,
        /// 7 woven in a stack guard, 8 unwoven, compiled by Roslyn with its StackOverflowProbing instrumentation,
        /// 9 woven in an allocation limit.</summary>
        public int Number { get; } = number;

        /// <summary>The scope open around the workload, or a dash.</summary>
        public string Scope { get; } = scope;

        /// <summary>Whether the variant runs the woven copy.</summary>
        public bool IsWoven => Number is 2 or 3 or 4 or 7 or 9;
    }
}
