using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using Fody;

namespace Interrupts.Fody
{
    /// <summary>The settings of one assembly, read from its <c>&lt;Interrupts /&gt;</c> element in FodyWeavers.xml.</summary>
    public sealed class WeaverSettings
    {
        /// <summary>The default <see cref="Interval"/>: short enough to stop within microseconds, long enough that
        /// a checkpoint's cost vanishes beside the code it guards.</summary>
        public const int DefaultInterval = 1000;

        private const string IntervalAttribute = "Interval";
        private const string IncludeAttribute = "Include";
        private const string ExcludeAttribute = "Exclude";
        private static readonly string[] Known = { IntervalAttribute, IncludeAttribute, ExcludeAttribute };

        private WeaverSettings(int interval, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
        {
            Interval = interval;
            Include = include;
            Exclude = exclude;
        }

        /// <summary>The most IL instructions that may run on any path of a method without reaching a checkpoint.</summary>
        public int Interval { get; }

        /// <summary>Type patterns to weave (all types when empty): full names in which <c>*</c> stands for any run of
        /// characters and <c>?</c> for one character, nested types joined with <c>+</c>.</summary>
        public IReadOnlyList<string> Include { get; }

        /// <summary>Type patterns not to weave, even when included.</summary>
        public IReadOnlyList<string> Exclude { get; }

        /// <summary>Reads and validates the settings; a bad one is a <see cref="WeavingException"/> naming it.</summary>
        public static WeaverSettings Read(XElement? config)
        {
            var unknown = config?.Attributes().FirstOrDefault(a => !Known.Contains(a.Name.LocalName));
            if (unknown != null)
            {
                throw new WeavingException(
                    $"Interrupts: unknown attribute '{unknown.Name}' (value '{unknown.Value}') in FodyWeavers.xml; the settings are {string.Join(", ", Known)}.");
            }

            return new WeaverSettings(
                ReadInterval(config?.Attribute(IntervalAttribute)),
                ReadPatterns(config?.Attribute(IncludeAttribute)),
                ReadPatterns(config?.Attribute(ExcludeAttribute)));
        }

        private static int ReadInterval(XAttribute? attribute)
        {
            if (attribute is null)
            {
                return DefaultInterval;
            }

            if (!int.TryParse(attribute.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var interval) || interval < 1)
            {
                throw new WeavingException(
                    $"Interrupts: {IntervalAttribute}='{attribute.Value}' in FodyWeavers.xml is not valid; it must be a whole number from 1 to {int.MaxValue}.");
            }

            return interval;
        }

        private static IReadOnlyList<string> ReadPatterns(XAttribute? attribute)
        {
            if (attribute is null)
            {
                return Array.Empty<string>();
            }

            var patterns = attribute.Value.Split(';').Select(p => p.Trim()).ToList();
            var bad = patterns.FirstOrDefault(p => p.Length == 0 || !p.All(IsPatternCharacter));
            if (bad != null)
            {
                throw new WeavingException(
                    $"Interrupts: {attribute.Name.LocalName}='{attribute.Value}' in FodyWeavers.xml is not valid; it must be type patterns separated by ';', "
                    + $"each made of letters, digits, '_', '.', '+', '`', '*' and '?' (such as 'MyApp.Scripts.*;MyApp.Parser'), and "
                    + (bad.Length == 0 ? "one is empty." : $"'{bad}' is not one."));
            }

            return patterns;
        }

        private static bool IsPatternCharacter(char c) => char.IsLetterOrDigit(c) || "_.+`*?".IndexOf(c) >= 0;
    }
}
