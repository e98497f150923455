using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using Fody;
using Interrupts.Weaving.Core;

namespace Interrupts.Fody
{
    /// <summary>Reads the settings of one assembly from its <c>&lt;Interrupts /&gt;</c> element in FodyWeavers.xml.</summary>
    public static class WeaverSettings
    {
        /// <summary>The interval when FodyWeavers.xml sets none.</summary>
        public const int DefaultInterval = WeavingSettings.DefaultInterval;

        private const string IntervalAttribute = "Interval";
        private const string IncludeAttribute = "Include";
        private const string ExcludeAttribute = "Exclude";
        private static readonly string[] Known = { IntervalAttribute, IncludeAttribute, ExcludeAttribute };

        /// <summary>Reads and validates the settings; a bad one is a <see cref="WeavingException"/> naming it.</summary>
        internal static WeavingSettings Read(XElement? config)
        {
            var unknown = config?.Attributes().FirstOrDefault(a => !Known.Contains(a.Name.LocalName));
            if (unknown != null)
            {
                throw new WeavingException(
                    $"Interrupts: unknown attribute '{unknown.Name}' (value '{unknown.Value}') in FodyWeavers.xml; the settings are {string.Join(", ", Known)}.");
            }

            return new WeavingSettings(
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
            var bad = patterns.FirstOrDefault(p => !WeavingSettings.IsValidPattern(p));
            if (bad != null)
            {
                throw new WeavingException(
                    $"Interrupts: {attribute.Name.LocalName}='{attribute.Value}' in FodyWeavers.xml is not valid; it must be {WeavingSettings.PatternRule}, and "
                    + (bad.Length == 0 ? "one is empty." : $"'{bad}' is not one."));
            }

            return patterns;
        }
    }
}
