using System.Threading;

namespace Workloads
{
    /// <summary>
    /// The Computer Language Benchmarks Game's fannkuch-redux: for every permutation of 1..<see cref="Size"/>, flip the
    /// first k elements, where k is the first element, until it is 1; the checksum and the most flips.
    /// </summary>
    public static class FannkuchRedux
    {
        public const int Size = 8;

        /// <summary>The checksum times 1000 plus the most flips (the published result for 8 is 1616 and 22).</summary>
        public static long Run()
        {
            var permutation = new int[Size];
            var flipped = new int[Size];
            var count = new int[Size];
            for (var i = 0; i < Size; i++)
            {
                permutation[i] = i;
            }

            int checksum = 0, maxFlips = 0, index = 0, r = Size;
            while (true)
            {
                while (r != 1)
                {
                    count[r - 1] = r;
                    r--;
                }

                permutation.CopyTo(flipped, 0);
                var flips = 0;
                for (var first = flipped[0]; first != 0; first = flipped[0])
                {
                    for (int i = 0, j = first; i < j; i++, j--)
                    {
                        (flipped[i], flipped[j]) = (flipped[j], flipped[i]);
                    }

                    flips++;
                }

                if (flips > maxFlips)
                {
                    maxFlips = flips;
                }

                checksum += index % 2 == 0 ? flips : -flips;

                // The next permutation, in the order the benchmark prescribes: rotate the first r + 1 elements.
                while (true)
                {
                    if (r == Size)
                    {
                        return checksum * 1000L + maxFlips;
                    }

                    var permutation0 = permutation[0];
                    for (var i = 0; i < r; i++)
                    {
                        permutation[i] = permutation[i + 1];
                    }

                    permutation[r] = permutation0;
                    if (--count[r] > 0)
                    {
                        break;
                    }

                    r++;
                }

                index++;
            }
        }

        /// <summary><see cref="Run"/>, checking <paramref name="token"/> in every loop as a user would by hand.</summary>
        public static long RunWithToken(CancellationToken token)
        {
            var permutation = new int[Size];
            var flipped = new int[Size];
            var count = new int[Size];
            for (var i = 0; i < Size; i++)
            {
                token.ThrowIfCancellationRequested();
                permutation[i] = i;
            }

            int checksum = 0, maxFlips = 0, index = 0, r = Size;
            while (true)
            {
                token.ThrowIfCancellationRequested();
                while (r != 1)
                {
                    token.ThrowIfCancellationRequested();
                    count[r - 1] = r;
                    r--;
                }

                permutation.CopyTo(flipped, 0);
                var flips = 0;
                for (var first = flipped[0]; first != 0; first = flipped[0])
                {
                    token.ThrowIfCancellationRequested();
                    for (int i = 0, j = first; i < j; i++, j--)
                    {
                        token.ThrowIfCancellationRequested();
                        (flipped[i], flipped[j]) = (flipped[j], flipped[i]);
                    }

                    flips++;
                }

                if (flips > maxFlips)
                {
                    maxFlips = flips;
                }

                checksum += index % 2 == 0 ? flips : -flips;

                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    if (r == Size)
                    {
                        return checksum * 1000L + maxFlips;
                    }

                    var permutation0 = permutation[0];
                    for (var i = 0; i < r; i++)
                    {
                        token.ThrowIfCancellationRequested();
                        permutation[i] = permutation[i + 1];
                    }

                    permutation[r] = permutation0;
                    if (--count[r] > 0)
                    {
                        break;
                    }

                    r++;
                }

                index++;
            }
        }
    }
}
