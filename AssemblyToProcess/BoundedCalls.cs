namespace AssemblyToProcess
{
    /// <summary>Calls that cannot reach a checkpoint, and so earn their callers none.</summary>
    public static class BoundedCalls
    {
        /// <summary>Calls only a method with neither a loop nor a call.</summary>
        public static int SumOfSquares(int a, int b) => Square(a) + Square(b);

        /// <summary>Calls only <see cref="SumOfSquares"/>, which calls only <see cref="Square"/>.</summary>
        public static int SumOfSquaresTwice(int a, int b) => SumOfSquares(a, b) * 2;

        /// <summary>Holds a lock: <c>Monitor.Enter</c> and <c>Exit</c> call no user code.</summary>
        public static int Locked(object gate, int value)
        {
            lock (gate)
            {
                return value + 1;
            }
        }

        private static int Square(int x) => x * x;
    }

    /// <summary>A constructor that only chains to <c>object()</c>.</summary>
    public sealed class PlainObject
    {
        public PlainObject(int value) => Value = value;

        public int Value { get; }
    }
}
