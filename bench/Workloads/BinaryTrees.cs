using System.Threading;

namespace Workloads
{
    /// <summary>
    /// The Computer Language Benchmarks Game's binary-trees: allocates, walks and drops many perfect binary trees, and
    /// keeps one alive throughout (an exercise of the allocator and the garbage collector).
    /// </summary>
    public static class BinaryTrees
    {
        public const int MaxDepth = 10;

        private const int MinDepth = 4;

        /// <summary>The sum of the node counts the benchmark prints.</summary>
        public static long Run()
        {
            long total = Node.Create(MaxDepth + 1).Count();
            var longLived = Node.Create(MaxDepth);
            for (var depth = MinDepth; depth <= MaxDepth; depth += 2)
            {
                var iterations = 1 << (MaxDepth - depth + MinDepth);
                for (var i = 0; i < iterations; i++)
                {
                    total += Node.Create(depth).Count();
                }
            }

            return total + longLived.Count();
        }

        /// <summary><see cref="Run"/>, checking <paramref name="token"/> in every loop and recursive call as a user would by hand.</summary>
        public static long RunWithToken(CancellationToken token)
        {
            long total = Node.Create(MaxDepth + 1, token).Count(token);
            var longLived = Node.Create(MaxDepth, token);
            for (var depth = MinDepth; depth <= MaxDepth; depth += 2)
            {
                token.ThrowIfCancellationRequested();
                var iterations = 1 << (MaxDepth - depth + MinDepth);
                for (var i = 0; i < iterations; i++)
                {
                    token.ThrowIfCancellationRequested();
                    total += Node.Create(depth, token).Count(token);
                }
            }

            return total + longLived.Count(token);
        }

        private sealed class Node(Node? left, Node? right)
        {
            public static Node Create(int depth) =>
                depth == 0 ? new Node(null, null) : new Node(Create(depth - 1), Create(depth - 1));

            public static Node Create(int depth, CancellationToken token)
            {
                token.ThrowIfCancellationRequested();
                return depth == 0 ? new Node(null, null) : new Node(Create(depth - 1, token), Create(depth - 1, token));
            }

            public int Count() => left is null || right is null ? 1 : 1 + left.Count() + right.Count();

            public int Count(CancellationToken token)
            {
                token.ThrowIfCancellationRequested();
                return left is null || right is null ? 1 : 1 + left.Count(token) + right.Count(token);
            }
        }
    }
}
