using System.Collections.Generic;
using System.Linq;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// What to weave and how densely, already validated: each front door reads its own form of the settings
    /// (FodyWeavers.xml, the load-time options) and reports a bad value in its own terms, using the rules here.
    /// </summary>
    internal sealed class WeavingSettings
    {
        /// <summary>The default <see cref="Interval"/>: short enough to stop within microseconds, long enough that
        /// a checkpoint's cost vanishes beside the code it guards.</summary>
        public const int DefaultInterval = 1000;

        /// <summary>How a valid list of type patterns looks, for the messages that reject one.</summary>
        public const string PatternRule =
            "type patterns separated by ';', each made of letters, digits, '_', '.', '+', '`', '*' and '?' (such as 'MyApp.Scripts.*;MyApp.Parser')";

        /// <summary>The default <see cref="HoldBound"/> of untrusted code: about a millisecond of woven code.</summary>
        public const int DefaultHoldBound = 1_000_000;

        public static readonly WeavingSettings Default = new WeavingSettings(DefaultInterval, new string[0], new string[0]);

        public WeavingSettings(int interval, IReadOnlyList<string> include, IReadOnlyList<string> exclude, int? holdBound = null)
        {
            Interval = interval;
            Include = include;
            Exclude = exclude;
            HoldBound = holdBound;
        }

        /// <summary>The most IL instructions that may run on any path of a method without reaching a checkpoint.</summary>
        public int Interval { get; }

        /// <summary>Type patterns to weave (all types when empty): full names in which <c>*</c> stands for any run of
        /// characters and <c>?</c> for one character, nested types joined with <c>+</c>.</summary>
        public IReadOnlyList<string> Include { get; }

        /// <summary>Type patterns not to weave, even when included.</summary>
        public IReadOnlyList<string> Exclude { get; }

        /// <summary>
        /// Null for trusted code. For untrusted code, the most IL instructions a hold (a finally block, a static
        /// constructor, <c>[Uninterruptible]</c> code, <c>Interrupt.Suppress</c>) runs once an interrupt is due, before
        /// it is delivered anyway; its filters hold nothing, and it may not use the runtime's <c>Checkpoint</c> methods
        /// itself, nor come woven.
        /// </summary>
        public int? HoldBound { get; }

        public static bool IsValidPattern(string pattern) => pattern.Length > 0 && pattern.All(IsPatternCharacter);

        private static bool IsPatternCharacter(char c) => char.IsLetterOrDigit(c) || "_.+`*?".IndexOf(c) >= 0;
    }
}
