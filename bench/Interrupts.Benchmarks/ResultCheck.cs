using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Interrupts.Benchmarks
{
    /// <summary>
    /// Runs every benchmark of every workload once before measuring anything, and stops the run unless each variant
    /// returns what the unwoven baseline does, and the woven variants really run woven code and the others do not: a
    /// benchmark of wrong or unwoven code would give fine-looking ratios.
    /// </summary>
    public static class ResultCheck
    {
        public static void Run()
        {
            foreach (var name in KernelBenchmarks.Names)
            {
                Check(new KernelBenchmarks { Workload = name });
            }

            foreach (var name in LibraryBenchmarks.Names)
            {
                Check(new LibraryBenchmarks { Workload = name });
            }
        }

        /// <summary>Sets up <paramref name="benchmarks"/> and checks each of its variants as <see cref="Run"/> does.</summary>
        public static void Check<TResult>(VariantBenchmarks<TResult> benchmarks)
        {
            benchmarks.Setup();
            var expected = benchmarks.Unwoven();
            foreach (var method in benchmarks.GetType().GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))))
            {
                var variant = method.GetCustomAttribute<VariantAttribute>()
                    ?? throw new InvalidOperationException($"{method.Name} does not say which variant it measures.");

                // Every checkpoint of woven code, in whatever scopes the variant opens inside this one, charges this scope.
                long checkpoints = 0;
                TResult actual;
                using (Interrupt.Check(() => checkpoints++, 1))
                {
                    actual = (TResult)method.Invoke(benchmarks, null)!;
                }

                if (!EqualityComparer<TResult>.Default.Equals(actual, expected))
                {
                    throw new InvalidOperationException(
                        $"{benchmarks.Workload}: {method.Name} returned {Describe(actual)}, and the unwoven code a different result, {Describe(expected)}.");
                }

                if (variant.IsWoven != checkpoints > 0)
                {
                    throw new InvalidOperationException(
                        $"{benchmarks.Workload}: {method.Name} passed {checkpoints} checkpoints; variant {variant.Number} should pass {(variant.IsWoven ? "some" : "none")}.");
                }
            }

            Console.WriteLine($"checked {benchmarks.Workload}: every variant returns {Describe(expected)}");
        }

        private static string Describe<TResult>(TResult value) => value is string text ? $"a string of {text.Length:N0} characters" : $"{value}";
    }
}
