using System;
using System.Threading;

namespace Workloads
{
    /// <summary>
    /// The Computer Language Benchmarks Game's spectral-norm: the largest singular value of the infinite matrix
    /// A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1), cut to <see cref="Size"/> x <see cref="Size"/>, by the power method.
    /// </summary>
    public static class SpectralNorm
    {
        public const int Size = 150;

        /// <summary>The norm, as its exact bits.</summary>
        public static long Run()
        {
            var u = new double[Size];
            var v = new double[Size];
            var scratch = new double[Size];
            Array.Fill(u, 1.0);
            for (var i = 0; i < 10; i++)
            {
                MultiplyAtAv(u, v, scratch);
                MultiplyAtAv(v, u, scratch);
            }

            double vBv = 0, vv = 0;
            for (var i = 0; i < Size; i++)
            {
                vBv += u[i] * v[i];
                vv += v[i] * v[i];
            }

            return BitConverter.DoubleToInt64Bits(Math.Sqrt(vBv / vv));
        }

        /// <summary><see cref="Run"/>, checking <paramref name="token"/> in every loop as a user would by hand.</summary>
        public static long RunWithToken(CancellationToken token)
        {
            var u = new double[Size];
            var v = new double[Size];
            var scratch = new double[Size];
            Array.Fill(u, 1.0);
            for (var i = 0; i < 10; i++)
            {
                token.ThrowIfCancellationRequested();
                MultiplyAtAv(u, v, scratch, token);
                MultiplyAtAv(v, u, scratch, token);
            }

            double vBv = 0, vv = 0;
            for (var i = 0; i < Size; i++)
            {
                token.ThrowIfCancellationRequested();
                vBv += u[i] * v[i];
                vv += v[i] * v[i];
            }

            return BitConverter.DoubleToInt64Bits(Math.Sqrt(vBv / vv));
        }

        private static double A(int i, int j) => 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);

        /// <summary>Aᵀ·A·<paramref name="v"/> into <paramref name="result"/>.</summary>
        private static void MultiplyAtAv(double[] v, double[] result, double[] scratch)
        {
            MultiplyAv(v, scratch);
            MultiplyAtv(scratch, result);
        }

        private static void MultiplyAtAv(double[] v, double[] result, double[] scratch, CancellationToken token)
        {
            MultiplyAv(v, scratch, token);
            MultiplyAtv(scratch, result, token);
        }

        private static void MultiplyAv(double[] v, double[] result)
        {
            for (var i = 0; i < v.Length; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < v.Length; j++)
                {
                    sum += A(i, j) * v[j];
                }

                result[i] = sum;
            }
        }

        private static void MultiplyAv(double[] v, double[] result, CancellationToken token)
        {
            for (var i = 0; i < v.Length; i++)
            {
                token.ThrowIfCancellationRequested();
                var sum = 0.0;
                for (var j = 0; j < v.Length; j++)
                {
                    token.ThrowIfCancellationRequested();
                    sum += A(i, j) * v[j];
                }

                result[i] = sum;
            }
        }

        private static void MultiplyAtv(double[] v, double[] result)
        {
            for (var i = 0; i < v.Length; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < v.Length; j++)
                {
                    sum += A(j, i) * v[j];
                }

                result[i] = sum;
            }
        }

        private static void MultiplyAtv(double[] v, double[] result, CancellationToken token)
        {
            for (var i = 0; i < v.Length; i++)
            {
                token.ThrowIfCancellationRequested();
                var sum = 0.0;
                for (var j = 0; j < v.Length; j++)
                {
                    token.ThrowIfCancellationRequested();
                    sum += A(j, i) * v[j];
                }

                result[i] = sum;
            }
        }
    }
}
