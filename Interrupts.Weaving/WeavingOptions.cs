using System;
using System.Collections.Generic;
using System.Linq;
using Interrupts.Weaving.Core;

namespace Interrupts.Weaving
{
    /// <summary>
    /// The settings of the load-time weaver: the same as the <c>Interval</c>, <c>Include</c> and <c>Exclude</c>
    /// attributes of FodyWeavers.xml. Each value is checked as it is set.
    /// </summary>
    public sealed class WeavingOptions
    {
        private readonly int _interval = WeavingSettings.DefaultInterval;
        private readonly IReadOnlyList<string> _include = Array.Empty<string>();
        private readonly IReadOnlyList<string> _exclude = Array.Empty<string>();
        private readonly int _maxHeldInstructions = WeavingSettings.DefaultHoldBound;

        /// <summary>The default settings: an interval of 1000, every type woven.</summary>
        public static WeavingOptions Default { get; } = new();

        /// <summary>
        /// The most IL instructions a path through a method may run without meeting a checkpoint: from 1 to
        /// <see cref="int.MaxValue"/>; 1000 by default.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
        public int Interval
        {
            get => _interval;
            init => _interval = value >= 1
                ? value
                : throw new ArgumentOutOfRangeException(nameof(Interval), value, $"{nameof(Interval)}={value} is not valid; it must be a whole number from 1 to {int.MaxValue}.");
        }

        /// <summary>
        /// The types to weave (every type when empty): full names in which <c>*</c> stands for any characters (dots
        /// included) and <c>?</c> for one, nested types joined with <c>+</c>, such as <c>MyApp.Scripts.*</c>.
        /// </summary>
        /// <exception cref="ArgumentException">A pattern is empty or has a character a type name cannot have.</exception>
        /// <exception cref="ArgumentNullException">The list or one of its patterns is null.</exception>
        public IReadOnlyList<string> Include
        {
            get => _include;
            init => _include = Validate(value, nameof(Include));
        }

        /// <summary>The types not to weave, even when included; the same patterns as <see cref="Include"/>.</summary>
        /// <exception cref="ArgumentException">A pattern is empty or has a character a type name cannot have.</exception>
        /// <exception cref="ArgumentNullException">The list or one of its patterns is null.</exception>
        public IReadOnlyList<string> Exclude
        {
            get => _exclude;
            init => _exclude = Validate(value, nameof(Exclude));
        }

        /// <summary>
        /// Whether the code is untrusted: code a user typed, a script, a plugin that may try not to be stopped. Then
        /// every hold of the code (its finally and fault blocks, static constructors, <c>[Uninterruptible]</c> methods
        /// and <c>Interrupt.Suppress()</c> scopes) holds an interrupt for at most <see cref="MaxHeldInstructions"/>
        /// instructions and then lets it through, and its exception filters hold nothing; an assembly that uses the
        /// runtime's <c>Checkpoint</c> methods itself, makes a delegate of <c>Interrupt.Suppress</c>, or was woven before,
        /// is refused. False by default: trusted code keeps its holds for as long as they run.
        /// </summary>
        public bool Untrusted { get; init; }

        /// <summary>
        /// For <see cref="Untrusted"/> code, how many IL instructions a hold may run once an interrupt is due before the
        /// interrupt is delivered anyway: from 1 to <see cref="int.MaxValue"/>; 1,000,000 by default (about a millisecond).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
        public int MaxHeldInstructions
        {
            get => _maxHeldInstructions;
            init => _maxHeldInstructions = value >= 1
                ? value
                : throw new ArgumentOutOfRangeException(nameof(MaxHeldInstructions), value, $"{nameof(MaxHeldInstructions)}={value} is not valid; it must be a whole number from 1 to {int.MaxValue}.");
        }

        internal WeavingSettings ToSettings() => new(Interval, Include, Exclude, Untrusted ? MaxHeldInstructions : null);

        private static IReadOnlyList<string> Validate(IReadOnlyList<string> patterns, string option)
        {
            ArgumentNullException.ThrowIfNull(patterns, option);
            var copy = patterns.ToArray();
            if (copy.Any(p => p is null))
            {
                throw new ArgumentNullException(option, $"{option} holds a null pattern.");
            }

            var bad = copy.FirstOrDefault(p => !WeavingSettings.IsValidPattern(p));
            if (bad != null)
            {
                throw new ArgumentException(
                    $"{option}='{string.Join(";", copy)}' is not valid; it must be {WeavingSettings.PatternRule}, and "
                    + (bad.Length == 0 ? "one is empty." : $"'{bad}' is not one."),
                    option);
            }

            return copy;
        }
    }
}
