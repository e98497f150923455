using System.Collections.Generic;

namespace Interrupts.Weaving.Core
{
    /// <summary>A loop to copy (<see cref="LoopCopier"/>), as the IL lays it out.</summary>
    internal sealed class CopiedLoop
    {
        public CopiedLoop(int head, int latch, IReadOnlyList<LoopTest> tests, IReadOnlyList<int> leadIn)
        {
            Head = head;
            Latch = latch;
            Tests = tests;
            LeadIn = leadIn;
        }

        /// <summary>The index of the instruction the loop branches back to: its first.</summary>
        public int Head { get; }

        /// <summary>The index of the branch back: its last.</summary>
        public int Latch { get; }

        /// <summary>Where the original tests whether to move to the copy, and where in the copy it then goes on.</summary>
        public IReadOnlyList<LoopTest> Tests { get; }

        /// <summary>
        /// The indexes, in order, of the loop's instructions that a test resuming elsewhere than at the head can run
        /// before the loop next branches back to its head: the copy holds them twice, so that its loop proper is
        /// entered at its head alone.
        /// </summary>
        public IReadOnlyList<int> LeadIn { get; }

        public bool Contains(int index) => index >= Head && index <= Latch;
    }

    /// <summary>
    /// A test of <c>Checkpoint.IsArmed</c> before the instruction at <see cref="At"/>, which moves to the copy of the
    /// instruction at <see cref="Resume"/> when it is true.
    /// </summary>
    internal readonly struct LoopTest
    {
        public LoopTest(int at, int resume)
        {
            At = at;
            Resume = resume;
        }

        /// <summary>The index of the instruction the test goes before: in the loop, or a branch into it.</summary>
        public int At { get; }

        /// <summary>The index of the loop's instruction whose copy the test moves to.</summary>
        public int Resume { get; }
    }
}
