using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Workloads
{
    /// <summary>
    /// Work that allocates without end, or all at once, for measuring what an allocation limit lets through. Each loop
    /// leaves how far it got in an argument, for its caller to read once it is stopped.
    /// </summary>
    public static class Allocating
    {
        /// <summary>Adds to <paramref name="list"/> until stopped: the list's array doubles inside <see cref="List{T}"/>,
        /// code that is not woven.</summary>
        public static void FillList(List<long> list)
        {
            while (true)
            {
                list.Add(1);
            }
        }

        /// <summary>Makes a chain of small objects, each kept, until stopped, counting them in <paramref name="length"/>:
        /// every allocation is in this loop.</summary>
        public static void GrowChain(StrongBox<long> length)
        {
            Link? head = null;
            while (true)
            {
                head = new Link(head);
                length.Value++;
            }
        }

        /// <summary>One array of <paramref name="length"/> longs, whatever its size.</summary>
        public static long[] LongArray(long length) => new long[length];
    }

    /// <summary>A link of a chain, of 48 bytes on a 64-bit runtime: its header, the next link, and three longs that only
    /// give it that size.</summary>
    public sealed class Link(Link? next)
    {
        public Link? Next { get; } = next;

        public long A { get; set; }

        public long B { get; set; }

        public long C { get; set; }
    }
}
