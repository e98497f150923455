using System;
using System.Linq;
using System.Reflection;
using System.Threading;

namespace Interrupts
{
    /// <summary>
    /// What each flow allocates, charged to the <see cref="Interrupt.LimitAllocation"/> scopes of its chain: the slow
    /// path of <see cref="Checkpoint.BeforeNewArray"/>, and what the thread changes and settlements of
    /// <see cref="ActiveScopes"/> call while a limit is open.
    /// </summary>
    /// <remarks>
    /// .NET counts the bytes each thread allocates. A thread charges its flow's limits what it allocated since it last
    /// charged, each time it settles with its scopes and each time it takes up another flow, so that the count follows
    /// the flow across <c>await</c> as the scopes do.
    /// </remarks>
    internal static class AllocationLimit
    {
        /// <summary>
        /// Arrays this big or bigger are charged before <c>newarr</c> allocates them, and smaller ones each time
        /// they add up to as much: arrays are what code allocates fastest (a loop of 1 KB arrays reaches 20 GB/s here),
        /// too fast for the watch alone. The size from which .NET puts arrays on the large object heap.
        /// </summary>
        internal const long LargeArray = 85_000;

        /// <summary>How often the watch looks: what code allocates in this time, besides arrays, bounds the overshoot.</summary>
        private const int WatchPeriodMilliseconds = 1;

        /// <summary>Limits open anywhere in the process: while none is, nothing is counted.</summary>
        internal static volatile int Open;

        private static readonly object s_watched = new object();
        private static AllocationLimitScope[] s_scopes = Array.Empty<AllocationLimitScope>();
        private static Thread? s_watch;

        // What the thread had allocated when it last charged its flow.
        [ThreadStatic]
        private static long t_charged;

        // The bytes of small arrays woven code allocated on the thread since it last charged them before newarr.
        [ThreadStatic]
        private static long t_smallArrays;

        /// <summary>Whether this runtime counts each thread's allocations, without which there is no limit.</summary>
        internal static bool IsSupported => Counters.ThreadAllocated != null;

        /// <summary>
        /// About what the process has allocated so far: a bound on what any one flow allocated since an earlier reading,
        /// which lets a limit's watch leave the flows alone while they are far from it. Null when the runtime does not say.
        /// </summary>
        internal static long? ProcessAllocated() => Counters.ProcessAllocated?.Invoke(false);

        /// <summary>The thread leaves the flow whose innermost scope is <paramref name="previous"/>, or settles with it.</summary>
        internal static void Charge(Scope? previous)
        {
            var now = Counters.ThreadAllocated!();
            var bytes = now - t_charged;
            t_charged = now;
            if (previous is null || bytes <= 0)
            {
                return;
            }

            for (var scope = previous; scope != null; scope = scope.Parent)
            {
                (scope as AllocationLimitScope)?.Add(bytes);
            }
        }

        /// <summary>
        /// Woven code is about to allocate an array of <paramref name="length"/> elements of about
        /// <paramref name="elementSize"/> bytes: a large one that would take a limit of the flow beyond its bytes stops
        /// the flow here, before it is allocated.
        /// </summary>
        internal static void BeforeArray(long length, int elementSize)
        {
            var bytes = length * elementSize;
            if (bytes < LargeArray)
            {
                var small = t_smallArrays + Math.Max(bytes, 0);
                t_smallArrays = small < LargeArray ? small : 0;
                if (small < LargeArray)
                {
                    return;
                }
            }

            if (ActiveScopes.Innermost is not { } innermost)
            {
                return;
            }

            Charge(innermost);
            var exceeded = false;
            for (var scope = innermost; scope != null; scope = scope.Parent)
            {
                exceeded |= scope is AllocationLimitScope limit && limit.Foresee(bytes);
            }

            if (exceeded)
            {
                ActiveScopes.SettleNow();
            }
        }

        /// <summary>Has the watch look at <paramref name="scope"/> every millisecond until <see cref="Unwatch"/>.</summary>
        internal static void Watch(AllocationLimitScope scope)
        {
            lock (s_watched)
            {
                s_scopes = s_scopes.Append(scope).ToArray();
                if (s_watch is null)
                {
                    // A thread of its own rather than a timer: the thread pool that runs timers can be busy for
                    // hundreds of milliseconds, in which a loop allocates gigabytes.
                    s_watch = new Thread(Look) { IsBackground = true, Name = "Interrupts allocation watch" };
                    s_watch.Start();
                }

                Monitor.Pulse(s_watched);
            }
        }

        /// <summary>Stops looking at <paramref name="scope"/>.</summary>
        internal static void Unwatch(AllocationLimitScope scope)
        {
            lock (s_watched)
            {
                s_scopes = s_scopes.Where(s => s != scope).ToArray();
            }
        }

        private static void Look()
        {
            while (true)
            {
                AllocationLimitScope[] scopes;
                lock (s_watched)
                {
                    while (s_scopes.Length == 0)
                    {
                        Monitor.Wait(s_watched);
                    }

                    scopes = s_scopes;
                }

                foreach (var scope in scopes)
                {
                    scope.Look();
                }

                Thread.Sleep(WatchPeriodMilliseconds);
            }
        }

        /// <summary>
        /// The GC's counters, found by reflection when a limit first needs them: netstandard2.0 does not declare them,
        /// every .NET since Core 3.0 has them. A class of their own, so that woven code's first look at
        /// <see cref="Open"/> does not pay for the reflection (0.7 ms of code that runs once).
        /// </summary>
        private static class Counters
        {
            internal static readonly Func<long>? ThreadAllocated = Find<Func<long>>("GetAllocatedBytesForCurrentThread");

            internal static readonly Func<bool, long>? ProcessAllocated = Find<Func<bool, long>>("GetTotalAllocatedBytes", typeof(bool));

            private static TDelegate? Find<TDelegate>(string name, params Type[] parameters)
                where TDelegate : Delegate
            {
                var method = typeof(GC).GetMethod(name, BindingFlags.Public | BindingFlags.Static, null, parameters, null);
                return method is null ? null : (TDelegate)method.CreateDelegate(typeof(TDelegate));
            }
        }
    }
}
