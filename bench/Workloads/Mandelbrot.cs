using System.Threading;

namespace Workloads
{
    /// <summary>
    /// The Computer Language Benchmarks Game's mandelbrot: the Mandelbrot set on [-1.5, 0.5] x [-1, 1] as a
    /// <see cref="Size"/> x <see cref="Size"/> bitmap, eight pixels to a byte, at most 50 iterations a pixel.
    /// </summary>
    public static class Mandelbrot
    {
        public const int Size = 240;

        private const int MaxIterations = 50;

        /// <summary>A hash (FNV-1a) of the bitmap.</summary>
        public static long Run()
        {
            var bitmap = new byte[Size * Size / 8];
            var at = 0;
            for (var y = 0; y < Size; y++)
            {
                var ci = 2.0 * y / Size - 1.0;
                for (var x0 = 0; x0 < Size; x0 += 8)
                {
                    var bits = 0;
                    for (var bit = 0; bit < 8; bit++)
                    {
                        var cr = 2.0 * (x0 + bit) / Size - 1.5;
                        double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
                        for (var i = 0; i < MaxIterations && zr2 + zi2 <= 4.0; i++)
                        {
                            zi = 2.0 * zr * zi + ci;
                            zr = zr2 - zi2 + cr;
                            zr2 = zr * zr;
                            zi2 = zi * zi;
                        }

                        bits = (bits << 1) | (zr2 + zi2 <= 4.0 ? 1 : 0);
                    }

                    bitmap[at++] = (byte)bits;
                }
            }

            return Hash(bitmap);
        }

        /// <summary><see cref="Run"/>, checking <paramref name="token"/> in every loop as a user would by hand.</summary>
        public static long RunWithToken(CancellationToken token)
        {
            var bitmap = new byte[Size * Size / 8];
            var at = 0;
            for (var y = 0; y < Size; y++)
            {
                token.ThrowIfCancellationRequested();
                var ci = 2.0 * y / Size - 1.0;
                for (var x0 = 0; x0 < Size; x0 += 8)
                {
                    token.ThrowIfCancellationRequested();
                    var bits = 0;
                    for (var bit = 0; bit < 8; bit++)
                    {
                        token.ThrowIfCancellationRequested();
                        var cr = 2.0 * (x0 + bit) / Size - 1.5;
                        double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
                        for (var i = 0; i < MaxIterations && zr2 + zi2 <= 4.0; i++)
                        {
                            token.ThrowIfCancellationRequested();
                            zi = 2.0 * zr * zi + ci;
                            zr = zr2 - zi2 + cr;
                            zr2 = zr * zr;
                            zi2 = zi * zi;
                        }

                        bits = (bits << 1) | (zr2 + zi2 <= 4.0 ? 1 : 0);
                    }

                    bitmap[at++] = (byte)bits;
                }
            }

            return Hash(bitmap, token);
        }

        private static long Hash(byte[] bytes)
        {
            var hash = 14695981039346656037UL;
            foreach (var value in bytes)
            {
                hash = (hash ^ value) * 1099511628211UL;
            }

            return (long)hash;
        }

        private static long Hash(byte[] bytes, CancellationToken token)
        {
            var hash = 14695981039346656037UL;
            foreach (var value in bytes)
            {
                token.ThrowIfCancellationRequested();
                hash = (hash ^ value) * 1099511628211UL;
            }

            return (long)hash;
        }
    }
}
