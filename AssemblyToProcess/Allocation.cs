using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace AssemblyToProcess
{
    /// <summary>Code that allocates without end: it ends by an interrupt, or by running out of memory.</summary>
    public static class Allocation
    {
        private static object? s_sink;

        /// <summary>The runaway allocation of a REPL: a list that grows for ever, inside List&lt;T&gt;, which is not woven.</summary>
        public static void GrowList(StrongBox<long> count)
        {
            var list = new List<long>();
            while (true)
            {
                list.Add(1);
                count.Value = list.Count;
            }
        }

        /// <summary>Keeps every small array it makes, each allocated by the woven code itself.</summary>
        public static void RetainArrays(StrongBox<long> count)
        {
            var kept = new List<object>();
            while (true)
            {
                kept.Add(new object[4]);
                count.Value++;
            }
        }

        /// <summary>Allocates arrays of <paramref name="length"/> bytes and keeps none: garbage only.</summary>
        public static void Churn(int length)
        {
            while (true)
            {
                s_sink = new byte[length];
            }
        }

        /// <summary>Grows a list, awaiting now and then, so that it runs on whatever threads the pool gives it.</summary>
        public static async Task GrowListAcrossAwaits(StrongBox<long> count)
        {
            var list = new List<long>();
            while (true)
            {
                list.Add(1);
                count.Value = list.Count;
                if (list.Count % 100_000 == 0)
                {
                    await Task.Yield();
                }
            }
        }

        /// <summary>One array of a length known only as it runs: a method with nothing else to weave.</summary>
        public static long[] NewArray(int length) => new long[length];

        /// <summary>Allocates <paramref name="megabytes"/> MB of garbage in a finally block, where interrupts are held, then spins.</summary>
        public static void AllocateInFinallyThenSpin(int megabytes, StrongBox<bool> finallyEnded)
        {
            try
            {
                finallyEnded.Value = false;
            }
            finally
            {
                for (var i = 0; i < megabytes; i++)
                {
                    s_sink = new byte[1024 * 1024];
                }

                finallyEnded.Value = true;
            }

            Loops.SpinForever();
        }
    }
}
