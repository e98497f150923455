using System.Collections.Generic;
using System.Linq;

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

        /// <summary>The same loop, with its test before the instruction at <paramref name="at"/> leased at the method's entry.</summary>
        public CopiedLoop WithTestLeasedAtEntry(int at) =>
            new CopiedLoop(Head, Latch, Tests.Select(test => test.At == at ? new LoopTest(test.At, test.Resume, leasedAtEntry: true) : test).ToList(), LeadIn);
    }

    /// <summary>
    /// A test of <c>Checkpoint.IsArmed</c> before the instruction at <see cref="At"/>, which moves to the copy of the
    /// instruction at <see cref="Resume"/> when it is true; or, <see cref="LeasedAtEntry"/>, a test of the lease that
    /// the method's entry took.
    /// </summary>
    internal readonly struct LoopTest
    {
        public LoopTest(int at, int resume, bool leasedAtEntry = false)
        {
            At = at;
            Resume = resume;
            LeasedAtEntry = leasedAtEntry;
        }

        /// <summary>The index of the instruction the test goes before: in the loop, or a branch into it.</summary>
        public int At { get; }

        /// <summary>The index of the loop's instruction whose copy the test moves to.</summary>
        public int Resume { get; }

        /// <summary>
        /// True when only the method's entry reaches the test, through code that calls nothing: the entry takes the
        /// copy's lease (<c>Checkpoint.EnterLeasing</c>), and the test moves to the copy when it did, without a call.
        /// </summary>
        public bool LeasedAtEntry { get; }
    }
}
