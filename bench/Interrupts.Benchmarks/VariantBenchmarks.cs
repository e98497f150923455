using System;
using System.Threading;
using BenchmarkDotNet.Attributes;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// A workload in the variants of issue 6, side by side: unwoven (the baseline), woven with no scope open, and woven
    /// inside each kind of scope. The scopes are opened in the benchmark method itself, on the thread that runs the
    /// workload: they live in an AsyncLocal, and one opened in a setup method might not flow to the workload. Opening and
    /// disposing one costs a microsecond or so, against workloads of milliseconds.
    /// </summary>
    /// <typeparam name="TResult">What the workload returns: each variant must return the same.</typeparam>
    public abstract class VariantBenchmarks<TResult>
    {
        private const string Dash = "-";

        /// <summary>A limit that no workload comes near: what the limit costs while it never fires.</summary>
        private const long SixteenGigabytes = 16L << 30;

        private static readonly Action NoOp = () => { };
        private static readonly TimeSpan AnHour = TimeSpan.FromHours(1);

        private readonly InterruptBuffer _buffer = new();
        private readonly CancellationTokenSource _neverCancelled = new();
        private Func<TResult> _unwoven = () => throw new InvalidOperationException("The benchmarks are not set up.");
        private Func<TResult> _woven = () => throw new InvalidOperationException("The benchmarks are not set up.");

        /// <summary>Which workload of the class to run; one of its names.</summary>
        public abstract string Workload { get; set; }

        /// <summary>A token that is never cancelled, but could be (a token of <see cref="CancellationToken.None"/> is
        /// known never to be, and its check costs less than a real one).</summary>
        protected CancellationToken NeverCancelled => _neverCancelled.Token;

        /// <summary>Prepares <see cref="Workload"/>: weaves a copy and calls <see cref="Use"/>.</summary>
        public abstract void Setup();

        [Benchmark(Baseline = true)]
        [Variant(1, Dash)]
        public TResult Unwoven() => _unwoven();

        [Benchmark]
        [Variant(2, Dash)]
        public TResult Woven() => _woven();

        [Benchmark]
        [Variant(3, "Interrupt.Check(new InterruptBuffer())")]
        public TResult WovenInBuffer()
        {
            using (Interrupt.Check(_buffer))
            {
                return _woven();
            }
        }

        [Benchmark]
        [Variant(3, "Interrupt.Check(token)")]
        public TResult WovenInToken()
        {
            using (Interrupt.Check(_neverCancelled.Token))
            {
                return _woven();
            }
        }

        [Benchmark]
        [Variant(3, "Interrupt.Deadline(1 hour)")]
        public TResult WovenInDeadline()
        {
            using (Interrupt.Deadline(AnHour))
            {
                return _woven();
            }
        }

        [Benchmark]
        [Variant(4, "Interrupt.Check(() => { }, 10_000)")]
        public TResult WovenInCheck()
        {
            using (Interrupt.Check(NoOp, 10_000))
            {
                return _woven();
            }
        }

        [Benchmark]
        [Variant(4, "Interrupt.Budget(long.MaxValue)")]
        public TResult WovenInBudget()
        {
            using (Interrupt.Budget(long.MaxValue))
            {
                return _woven();
            }
        }

        [Benchmark]
        [Variant(7, "Interrupt.GuardStack()")]
        public TResult WovenInStackGuard()
        {
            using (Interrupt.GuardStack())
            {
                return _woven();
            }
        }

        [Benchmark]
        [Variant(9, "Interrupt.LimitAllocation(16 GB)")]
        public TResult WovenInAllocationLimit()
        {
            using (Interrupt.LimitAllocation(SixteenGigabytes))
            {
                return _woven();
            }
        }

        protected void Use(Func<TResult> unwoven, Func<TResult> woven)
        {
            _unwoven = unwoven;
            _woven = woven;
        }
    }
}
