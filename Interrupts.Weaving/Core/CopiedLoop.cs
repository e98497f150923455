using System.Collections.Generic;

namespace Interrupts.Weaving.Core
{
    /// <summary>A loop to copy (<see cref="LoopCopier"/>), as the IL lays it out.</summary>
    internal sealed class CopiedLoop
    {
        public CopiedLoop(int head, int latch, IReadOnlyCollection<int> tests)
        {
            Head = head;
            Latch = latch;
            Tests = tests;
        }

        /// <summary>The index of the instruction the loop branches back to: its first.</summary>
        public int Head { get; }

        /// <summary>The index of the branch back: its last.</summary>
        public int Latch { get; }

        /// <summary>
        /// Where the original tests whether to move to the copy, by index: for each checkpoint of the loop, the start of
        /// the straight run that leads to it, where the stack is empty.
        /// </summary>
        public IReadOnlyCollection<int> Tests { get; }

        public bool Contains(int index) => index >= Head && index <= Latch;
    }
}
