namespace Interrupts.Weaving
{
    /// <summary>An assembly woven in memory: its image, its portable PDB, and what weaving did.</summary>
    public sealed class WovenAssembly
    {
        internal WovenAssembly(byte[] image, byte[]? symbols, WeavingReport report)
        {
            Image = image;
            Symbols = symbols;
            Report = report;
        }

        /// <summary>The woven assembly (the input itself when <see cref="WeavingReport.Outcome"/> says it was left as it was).</summary>
        public byte[] Image { get; }

        /// <summary>Its portable PDB, when a separate one was given; an embedded PDB stays embedded in <see cref="Image"/>.</summary>
        public byte[]? Symbols { get; }

        /// <summary>What weaving did.</summary>
        public WeavingReport Report { get; }
    }
}
