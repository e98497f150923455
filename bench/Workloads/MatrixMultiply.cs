using System;
using System.Threading;

namespace Workloads
{
    /// <summary>A tight loop nest: the product of two <see cref="Size"/> x <see cref="Size"/> matrices, the naive way
    /// (in i-k-j order, which walks rows).</summary>
    public static class MatrixMultiply
    {
        public const int Size = 120;

        private static readonly double[][] A = Matrix(1);
        private static readonly double[][] B = Matrix(2);

        /// <summary>The sum of the product's elements, as its exact bits.</summary>
        public static long Run()
        {
            double[][] a = A, b = B;
            var product = new double[Size][];
            for (var i = 0; i < Size; i++)
            {
                var row = product[i] = new double[Size];
                var aRow = a[i];
                for (var k = 0; k < Size; k++)
                {
                    var aik = aRow[k];
                    var bRow = b[k];
                    for (var j = 0; j < Size; j++)
                    {
                        row[j] += aik * bRow[j];
                    }
                }
            }

            var sum = 0.0;
            foreach (var row in product)
            {
                foreach (var value in row)
                {
                    sum += value;
                }
            }

            return BitConverter.DoubleToInt64Bits(sum);
        }

        /// <summary><see cref="Run"/>, checking <paramref name="token"/> in every loop as a user would by hand.</summary>
        public static long RunWithToken(CancellationToken token)
        {
            double[][] a = A, b = B;
            var product = new double[Size][];
            for (var i = 0; i < Size; i++)
            {
                token.ThrowIfCancellationRequested();
                var row = product[i] = new double[Size];
                var aRow = a[i];
                for (var k = 0; k < Size; k++)
                {
                    token.ThrowIfCancellationRequested();
                    var aik = aRow[k];
                    var bRow = b[k];
                    for (var j = 0; j < Size; j++)
                    {
                        token.ThrowIfCancellationRequested();
                        row[j] += aik * bRow[j];
                    }
                }
            }

            var sum = 0.0;
            foreach (var row in product)
            {
                token.ThrowIfCancellationRequested();
                foreach (var value in row)
                {
                    token.ThrowIfCancellationRequested();
                    sum += value;
                }
            }

            return BitConverter.DoubleToInt64Bits(sum);
        }

        private static double[][] Matrix(int seed)
        {
            var matrix = new double[Size][];
            for (var i = 0; i < Size; i++)
            {
                matrix[i] = new double[Size];
                for (var j = 0; j < Size; j++)
                {
                    matrix[i][j] = (i * 31 + j * 17 + seed) % 100 / 10.0;
                }
            }

            return matrix;
        }
    }
}
