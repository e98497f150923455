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

        private WeaverSettings(int interval) => Interval = interval;

        /// <summary>The most IL instructions that may run on any path of a method without reaching a checkpoint.</summary>
        public int Interval { get; }

        /// <summary>Reads and validates the settings; a bad one is a <see cref="WeavingException"/> naming it.</summary>
        public static WeaverSettings Read(XElement? config)
        {
            var unknown = config?.Attributes().FirstOrDefault(a => a.Name.LocalName != IntervalAttribute);
            if (unknown != null)
            {
                throw new WeavingException(
                    $"Interrupts: unknown attribute '{unknown.Name}' (value '{unknown.Value}') in FodyWeavers.xml; the only setting is {IntervalAttribute}.");
            }

            return new WeaverSettings(ReadInterval(config?.Attribute(IntervalAttribute)));
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
    }
}
