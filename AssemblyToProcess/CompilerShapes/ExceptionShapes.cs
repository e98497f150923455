using System;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    public static class LoopInTryCatchFinally
    {
        public static long Run(int n)
        {
            long sum = 0;
            try
            {
                for (var i = 0; i < n; i++)
                {
                    sum += i;
                }

                if (n % 2 == 1)
                {
                    throw new InvalidOperationException();
                }
            }
            catch (InvalidOperationException)
            {
                for (var i = 0; i < n; i++)
                {
                    sum -= i % 3;
                }
            }
            finally
            {
                for (var i = 0; i < n % 10; i++)
                {
                    sum *= 3;
                }
            }

            return sum;
        }

        public static void Forever(StrongBox<long> progress)
        {
            try
            {
                while (true)
                {
                    progress.Value++;
                }
            }
            catch (InvalidOperationException)
            {
                progress.Value = -1;
            }
            finally
            {
                progress.Value++;
            }
        }
    }

    public static class TryInLoop
    {
        public static long Run(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                try
                {
                    if (i % 3 == 0)
                    {
                        throw new ArgumentException(null, nameof(n));
                    }

                    if (i % 5 == 0)
                    {
                        continue;
                    }

                    if (i == 900)
                    {
                        break;
                    }

                    sum += i;
                }
                catch (ArgumentException)
                {
                    sum += 1000;
                }
                finally
                {
                    sum ^= 1;
                }
            }

            return sum;
        }

        /// <summary>The back edge is a leave out of the try, to the instruction just before it.</summary>
        public static void Forever(StrongBox<long> progress)
        {
            while (true)
            {
                try
                {
                    progress.Value++;
                    if (progress.Value < 0)
                    {
                        continue;
                    }
                }
                finally
                {
                    progress.Value += 0;
                }
            }
        }
    }

    public static class CatchWhenFilter
    {
        public static long Run(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                try
                {
                    Fail(i);
                }
                catch (ArgumentException e) when (e.ParamName == "even")
                {
                    sum += 2;
                }
                catch (ArgumentException e) when (e.ParamName == "third" && i % 2 == 1)
                {
                    for (var j = 0; j < i % 4; j++)
                    {
                        sum += 3;
                    }
                }
                catch (ArgumentException)
                {
                    sum += 5;
                }
            }

            return sum;
        }

        /// <summary>An endless loop in the handler of a filtered catch.</summary>
        public static void Forever(StrongBox<long> progress)
        {
            try
            {
                Fail(0);
            }
            catch (ArgumentException e) when (e.ParamName == "even")
            {
                while (true)
                {
                    progress.Value++;
                }
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Fail(int i)
        {
            if (i % 2 == 0)
            {
                throw new ArgumentException(null, "even");
            }

            throw new ArgumentException(null, i % 3 == 0 ? "third" : "other");
        }
    }
}
