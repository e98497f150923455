using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    public static class GenericMethod
    {
        public static long Run(int n)
        {
            var numbers = new int[n];
            var words = new string[n];
            for (var i = 0; i < n; i++)
            {
                numbers[i] = (i * 7919) % 1000;
                words[i] = numbers[i].ToString("D4");
            }

            return IndexOfMax(numbers) + (1000L * IndexOfMax(words)) + Pairs<int, string>(numbers, words);
        }

        private static int IndexOfMax<T>(T[] items)
            where T : IComparable<T>
        {
            var best = 0;
            for (var i = 1; i < items.Length; i++)
            {
                if (items[i].CompareTo(items[best]) > 0)
                {
                    best = i;
                }
            }

            return best;
        }

        private static int Pairs<TFirst, TSecond>(TFirst[] first, TSecond[] second)
            where TFirst : notnull
        {
            var pairs = new Dictionary<TFirst, TSecond>();
            for (var i = 0; i < first.Length; i++)
            {
                pairs.TryAdd(first[i], second[i]);
            }

            return pairs.Count;
        }
    }

    /// <summary><c>new T()</c>, which the compiler turns into a call of Activator.CreateInstance&lt;T&gt;().</summary>
    public static class NewOfTypeParameter
    {
        public static long Run(int n)
        {
            long total = 0;
            for (var i = 0; i < n; i++)
            {
                total += Create<Counter>().Value + Create<long>() + i;
            }

            return total;
        }

        /// <summary>A constructor that never returns, reached through <c>new T()</c>.</summary>
        public static void Forever(StrongBox<long> progress)
        {
            EndlessConstructor.Progress = progress;
            Create<EndlessConstructor>();
        }

        private static T Create<T>()
            where T : new() => new T();

        private sealed class Counter
        {
            public Counter() => Value = 41;

            public long Value { get; }
        }

        private sealed class EndlessConstructor
        {
            [ThreadStatic]
            internal static StrongBox<long>? Progress;

            public EndlessConstructor()
            {
                while (true)
                {
                    Progress!.Value++;
                }
            }
        }
    }

    public static class GenericType
    {
        public static long Run(int n)
        {
            var ints = new RingBuffer<int>(8);
            var pairs = new RingBuffer<KeyValuePair<string, long>>(5);
            for (var i = 0; i < n; i++)
            {
                ints.Add(i);
                pairs.Add(new KeyValuePair<string, long>(i.ToString(), i * 2L));
            }

            long sum = 0;
            ints.ForEach(x => sum += x);
            pairs.ForEach(p => sum += p.Value + p.Key.Length);
            return sum;
        }

        private sealed class RingBuffer<T>(int capacity)
        {
            private readonly T[] _items = new T[capacity];
            private int _count;

            public void Add(T item) => _items[_count++ % _items.Length] = item;

            public void ForEach(Action<T> action)
            {
                for (var i = 0; i < Math.Min(_count, _items.Length); i++)
                {
                    action(_items[i]);
                }
            }
        }
    }

    public static class GenericVirtualMethod
    {
        public static long Run(int n)
        {
            Folder folder = n % 2 == 0 ? new SumFolder() : new AlternatingFolder();
            var values = new List<int>();
            for (var i = 0; i < n; i++)
            {
                values.Add(i);
            }

            return folder.Fold(values, v => v * 3L) + folder.Fold(new[] { "a", "bb", "ccc" }, s => s.Length);
        }

        public static void Forever(StrongBox<long> progress) => new SpinningFolder(progress).Fold(new[] { 1 }, v => v);

        private abstract class Folder
        {
            public abstract long Fold<T>(IReadOnlyList<T> items, Func<T, long> value);
        }

        private sealed class SumFolder : Folder
        {
            public override long Fold<T>(IReadOnlyList<T> items, Func<T, long> value)
            {
                long sum = 0;
                for (var i = 0; i < items.Count; i++)
                {
                    sum += value(items[i]);
                }

                return sum;
            }
        }

        private sealed class AlternatingFolder : Folder
        {
            public override long Fold<T>(IReadOnlyList<T> items, Func<T, long> value)
            {
                long sum = 0;
                var sign = 1;
                foreach (var item in items)
                {
                    sum += sign * value(item);
                    sign = -sign;
                }

                return sum;
            }
        }

        private sealed class SpinningFolder(StrongBox<long> progress) : Folder
        {
            public override long Fold<T>(IReadOnlyList<T> items, Func<T, long> value)
            {
                while (true)
                {
                    progress.Value++;
                }
            }
        }
    }

    public struct StructMethod
    {
        private long _total;
        private int _calls;

        public static long Run(int n)
        {
            var accumulator = default(StructMethod);
            for (var i = 0; i < n % 20; i++)
            {
                accumulator.AddRange(i);
            }

            return accumulator._total * 100 + accumulator._calls;
        }

        public static void Forever(StrongBox<long> progress) => default(StructMethod).Spin(progress);

        private void AddRange(int count)
        {
            _calls++;
            for (var i = 0; i < count; i++)
            {
                _total += i;
            }
        }

        private void Spin(StrongBox<long> progress)
        {
            while (true)
            {
                _total++;
                progress.Value = _total;
            }
        }
    }

    /// <summary>Static abstract interface members: constrained calls to static methods (operators, T.Zero).</summary>
    public static class GenericMath
    {
        public static long Run(int n) => (long)Sum<double>(n) + Sum<long>(n) + Sum<int>(n % 1000);

        private static T Sum<T>(int n)
            where T : INumber<T>
        {
            var sum = T.Zero;
            var value = T.One;
            for (var i = 0; i < n; i++)
            {
                sum += value;
                value++;
            }

            return sum;
        }
    }
}
