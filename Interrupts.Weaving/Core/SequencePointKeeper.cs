using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Keeps a woven method's debug information true: inserted checkpoints get hidden sequence points, so the
    /// debugger steps over them, and every original instruction stays on the source line it had.
    /// </summary>
    internal sealed class SequencePointKeeper
    {
        private const int HiddenLine = 0xfeefee;

        private readonly MethodDefinition _method;
        private readonly IDictionary<Instruction, SequencePoint> _original;
        private readonly Dictionary<Instruction, SequencePoint> _added = new Dictionary<Instruction, SequencePoint>();

        // Inserted code, whose hidden points are no line to give other code.
        private readonly HashSet<Instruction> _inserted = new HashSet<Instruction>();

        public SequencePointKeeper(MethodDefinition method)
        {
            _method = method;
            _original = method.DebugInformation.GetSequencePointMapping();
        }

        /// <summary>
        /// Records that code starting with <paramref name="inserted"/> goes in front of <paramref name="before"/> (null:
        /// at the end of the method). Call it before inserting the code.
        /// </summary>
        public void RecordInsertion(Instruction inserted, Instruction? before)
        {
            var line = FindLineOf(before ?? _method.Body.Instructions.LastOrDefault());
            if (line is null)
            {
                return;
            }

            _added[inserted] = new SequencePoint(inserted, line.Document) { StartLine = HiddenLine, EndLine = HiddenLine };
            _inserted.Add(inserted);
            if (before != null && !_original.ContainsKey(before) && !_added.ContainsKey(before))
            {
                // The hidden point would otherwise take the instruction out of the line it belongs to.
                _added[before] = OnLine(before, line);
            }
        }

        /// <summary>
        /// Records that <paramref name="copy"/> is a copy of <paramref name="original"/>, on the same line; call it
        /// before inserting anything. A copy that has no point of its own is on the line of the copy before it, as in
        /// the original, unless it stands <paramref name="alone"/> (first, or after inserted code) and gets one.
        /// </summary>
        public void RecordCopy(Instruction copy, Instruction original, bool alone)
        {
            var line = _original.TryGetValue(original, out var own) ? own : alone ? FindLineOf(original) : null;
            if (line != null)
            {
                _added[copy] = OnLine(copy, line);
            }
        }

        /// <summary>Writes the sequence points back in instruction order, as the PDB needs them.</summary>
        public void Apply()
        {
            if (_added.Count == 0)
            {
                return;
            }

            var points = _method.DebugInformation.SequencePoints;
            points.Clear();
            foreach (var instruction in _method.Body.Instructions)
            {
                if (_added.TryGetValue(instruction, out var point) || _original.TryGetValue(instruction, out point))
                {
                    points.Add(point);
                }
            }
        }

        private static SequencePoint OnLine(Instruction instruction, SequencePoint line) =>
            new SequencePoint(instruction, line.Document)
            {
                StartLine = line.StartLine,
                StartColumn = line.StartColumn,
                EndLine = line.EndLine,
                EndColumn = line.EndColumn,
            };

        // The point of the nearest instruction at or before the given one; that of inserted code (hidden, but with the
        // document) only when no other comes before it.
        private SequencePoint? FindLineOf(Instruction? instruction)
        {
            SequencePoint? hidden = null;
            for (var current = instruction; current != null; current = current.Previous)
            {
                if (_added.TryGetValue(current, out var point) || _original.TryGetValue(current, out point))
                {
                    if (!_inserted.Contains(current))
                    {
                        return point;
                    }

                    hidden ??= point;
                }
            }

            return hidden;
        }
    }
}
