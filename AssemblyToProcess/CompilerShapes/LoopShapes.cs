using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    // The tests find the shapes by convention (Tests/Infrastructure/ShapeCatalog.cs): a public type with Run(n), whose
    // result must be the same woven and unwoven, and, where the shape can loop or recurse without end, Forever(progress).

    public static class ForLoop
    {
        public static long Run(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += i * 3;
            }

            return sum;
        }
    }

    public static class WhileLoop
    {
        public static long Run(int n)
        {
            long steps = 0;
            long value = n + 1;
            while (value != 1)
            {
                value = value % 2 == 0 ? value / 2 : (3 * value) + 1;
                steps++;
            }

            return steps;
        }
    }

    public static class DoWhileLoop
    {
        public static long Run(int n)
        {
            long digits = 0;
            long value = n;
            do
            {
                digits += value % 10;
                value /= 10;
            }
            while (value != 0);

            return digits;
        }
    }

    public static class GotoLoop
    {
        public static long Run(int n)
        {
            long sum = 0;
            var i = 0;
        next:
            if (i >= n)
            {
                goto done;
            }

            sum += i ^ 5;
            i++;
            goto next;
        done:
            return sum;
        }
    }

    public static class SmallNest
    {
        // Small enough to be copied whole, with the loop inside it.
        public static long Run(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < i % 7; j++)
                {
                    sum += j;
                }
            }

            return sum;
        }
    }

    public static class NestedLoops
    {
        public static long Run(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < i % 17; j++)
                {
                    if (j == 11)
                    {
                        break;
                    }

                    if ((i + j) % 3 == 0)
                    {
                        continue;
                    }

                    var k = 0;
                    while (k < j)
                    {
                        sum += k++;
                    }
                }
            }

            return sum;
        }

        /// <summary>An endless outer loop around finite inner ones: only the outer back edge is endless.</summary>
        public static void Forever(StrongBox<long> progress)
        {
            while (true)
            {
                for (var i = 0; i < 3; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        progress.Value += j;
                    }
                }

                progress.Value++;
            }
        }
    }

    /// <summary>foreach over a List: a struct enumerator disposed in a finally through a constrained call.</summary>
    public static class ForeachOverList
    {
        public static long Run(int n)
        {
            var items = new List<int>();
            for (var i = 0; i < n; i++)
            {
                items.Add(i % 13);
            }

            long sum = 0;
            foreach (var item in items)
            {
                sum += item;
            }

            return sum;
        }
    }

    // Small loops that make no call run in a copy of their own while checkpoints count, on variables of the copy's
    // own where nothing can tell (LoopCopier, CopiedVariables): these are the places where something could.

    /// <summary>A copied loop that writes its arguments, which the code after it reads.</summary>
    public static class LoopWritingItsArguments
    {
        public static long Run(int n) => Halve(n * 1000L, n % 7 + 3);

        private static long Halve(long value, int steps)
        {
            while (steps > 0 && value > 1)
            {
                value /= 2;
                steps--;
            }

            return value * 100 + steps;
        }
    }

    /// <summary>A copied loop ended by an exception, whose handler and the code after it read the loop's variables.</summary>
    public static class LoopEndedByAnException
    {
        public static long Run(int n)
        {
            var values = new int[n % 50 + 1];
            var i = 0;
            long total = 0;
            try
            {
                for (; i < 1000; i++)
                {
                    total += values[i] + i;
                }

                total = -total;
            }
            catch (IndexOutOfRangeException)
            {
                total += i;
            }

            return total * 1000 + i;
        }
    }

    /// <summary>A copied loop that writes a local through a reference taken before it.</summary>
    public static class LoopWritingThroughAReference
    {
        public static long Run(int n)
        {
            long total = 0, count = 0;
            ref var target = ref n % 2 == 0 ? ref total : ref count;
            for (var i = 0; i < n; i++)
            {
                target += i;
                count++;
            }

            return total * 1_000_000 + count;
        }
    }
}
