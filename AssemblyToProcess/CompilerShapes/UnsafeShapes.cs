using System;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    public static class StackAlloc
    {
        public static long Run(int n) => SpanBuffer(n % 100) + PointerBuffer(n);

        private static long SpanBuffer(int length)
        {
            Span<long> buffer = stackalloc long[length];
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = i * 5L;
            }

            long sum = 0;
            foreach (var value in buffer)
            {
                sum += value;
            }

            return sum;
        }

        private static unsafe long PointerBuffer(int n)
        {
            var buffer = stackalloc int[16];
            for (var i = 0; i < 16; i++)
            {
                buffer[i] = n ^ i;
            }

            long sum = 0;
            for (var p = buffer; p < buffer + 16; p++)
            {
                sum += *p;
            }

            return sum;
        }
    }

    public static unsafe class FixedPointer
    {
        public static long Run(int n)
        {
            var numbers = new int[n];
            for (var i = 0; i < n; i++)
            {
                numbers[i] = i % 17;
            }

            var text = new string('x', n % 40) + "end";
            long sum = 0;
            fixed (int* start = numbers)
            fixed (char* characters = text)
            {
                for (var p = start; p < start + numbers.Length; p++)
                {
                    sum += *p;
                }

                for (var i = 0; i < text.Length; i++)
                {
                    sum += characters[i];
                }
            }

            return sum;
        }

        /// <summary>An endless loop while an array is pinned.</summary>
        public static void Forever(StrongBox<long> progress)
        {
            var counter = new long[1];
            fixed (long* count = counter)
            {
                while (true)
                {
                    (*count)++;
                    progress.Value = *count;
                }
            }
        }
    }

    public static class SpanLoops
    {
        public static long Run(int n)
        {
            var numbers = new int[n];
            Span<int> span = numbers;
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = i * 3;
            }

            foreach (ref var value in span)
            {
                value++;
            }

            ReadOnlySpan<char> text = "the quick brown fox";
            var words = new WordCounter(text);
            return Sum(span) + words.Count() + (n > 2 ? Sum(span[1..^1]) : 0);
        }

        public static void Forever(StrongBox<long> progress) => new Spinner(progress).Spin();

        private static long Sum(ReadOnlySpan<int> values)
        {
            long sum = 0;
            foreach (var value in values)
            {
                sum += value;
            }

            return sum;
        }

        private readonly ref struct WordCounter(ReadOnlySpan<char> text)
        {
            private readonly ReadOnlySpan<char> _text = text;

            public int Count()
            {
                var count = 0;
                var inWord = false;
                for (var i = 0; i < _text.Length; i++)
                {
                    var letter = _text[i] != ' ';
                    if (letter && !inWord)
                    {
                        count++;
                    }

                    inWord = letter;
                }

                return count;
            }
        }

        private ref struct Spinner(StrongBox<long> progress)
        {
            private readonly ref long _value = ref progress.Value;

            public readonly void Spin()
            {
                while (true)
                {
                    _value++;
                }
            }
        }
    }

    /// <summary>C# function pointers: every call through one is a calli.</summary>
    public static unsafe class FunctionPointer
    {
        public static long Run(int n)
        {
            delegate*<long, int, long> step = n % 2 == 0 ? &Add : &Xor;
            long value = 0;
            for (var i = 0; i < n; i++)
            {
                value = step(value, i);
            }

            return value;
        }

        /// <summary>Recursion whose every call is a calli: only the entry checkpoint of each call can stop it.</summary>
        public static void Forever(StrongBox<long> progress) => Recurse(progress);

        private static long Add(long value, int i) => value + i;

        private static long Xor(long value, int i) => value ^ (i * 31L);

        private static void Recurse(StrongBox<long> progress)
        {
            progress.Value++;
            delegate*<StrongBox<long>, void> next = &Recurse;
            next(progress);
            progress.Value--;
        }
    }
}
