using System;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// An <see cref="Interrupt.LimitAllocation"/> scope: the bytes its flows allocated, and a watch that makes them
    /// settle with it when they may have allocated more than it allows.
    /// </summary>
    /// <remarks>
    /// The watch (<see cref="AllocationLimit.Watch"/>) reads what the whole process allocated, every millisecond: while
    /// that, since the flows last settled, is less than what the limit has left, none of them can be over it, and
    /// checkpoints are left alone. Otherwise it raises a signal, and the first checkpoint of the scope's flows counts
    /// what they allocated and lowers it. So a flow far from its limit costs nothing, and one that waits (for input, a
    /// lock, a task) costs nothing either.
    /// </remarks>
    internal sealed class AllocationLimitScope : Scope
    {
        private const int Idle = 0, Pending = 1, Closed = 2;

        private readonly long _limit;
        private long _allocated;
        private long _processMark;
        private int _check;
        private volatile bool _exceeded;

        internal AllocationLimitScope(long limit)
        {
            _limit = limit;
            _processMark = AllocationLimit.ProcessAllocated() ?? 0;
            Interlocked.Increment(ref AllocationLimit.Open);
            Open();
            AllocationLimit.Watch(this);
        }

        internal override long Margin => _exceeded ? 0 : long.MaxValue;

        /// <summary>Charges the scope <paramref name="bytes"/> that one of its flows allocated.</summary>
        internal void Add(long bytes) => Interlocked.Add(ref _allocated, bytes);

        /// <summary>Whether an allocation of <paramref name="bytes"/> more would exceed the limit; it then makes the scope due.</summary>
        internal bool Foresee(long bytes)
        {
            if (bytes > _limit - Volatile.Read(ref _allocated))
            {
                _exceeded = true;
            }

            return _exceeded;
        }

        /// <summary>Called as the flow settles, after it charged what it allocated: due once that is over the limit.</summary>
        internal override bool Charge(long instructions)
        {
            if (Interlocked.CompareExchange(ref _check, Idle, Pending) == Pending)
            {
                Volatile.Write(ref _processMark, AllocationLimit.ProcessAllocated() ?? 0);
                ActiveScopes.LowerSignal();
            }

            if (Volatile.Read(ref _allocated) > _limit)
            {
                _exceeded = true;
            }

            return _exceeded;
        }

        internal override void Deliver()
        {
            if (_exceeded)
            {
                throw new AllocationLimitExceededException(_limit);
            }
        }

        protected override void OnClosed()
        {
            AllocationLimit.Unwatch(this);
            if (Interlocked.Exchange(ref _check, Closed) == Pending)
            {
                ActiveScopes.LowerSignal();
            }

            Interlocked.Decrement(ref AllocationLimit.Open);
        }

        /// <summary>What the watch does for the scope: makes its flows settle when they may be over the limit.</summary>
        internal void Look()
        {
            // Unknown when the runtime does not count the process's allocations: then the flows settle at every look.
            var sinceSettled = AllocationLimit.ProcessAllocated() is { } now ? now - Volatile.Read(ref _processMark) : long.MaxValue;
            if (sinceSettled >= _limit - Volatile.Read(ref _allocated)
                && Interlocked.CompareExchange(ref _check, Pending, Idle) == Idle)
            {
                ActiveScopes.RaiseSignal();
            }
        }
    }
}
