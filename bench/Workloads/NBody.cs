using System;
using System.Threading;

namespace Workloads
{
    /// <summary>The Computer Language Benchmarks Game's n-body: the Jovian planets orbiting the sun, stepped forward in time.</summary>
    public static class NBody
    {
        public const int Steps = 20_000;

        private const double TimeStep = 0.01;
        private const double SolarMass = 4 * Math.PI * Math.PI;
        private const double DaysPerYear = 365.24;

        /// <summary>The system's energy after <see cref="Steps"/> steps, as its exact bits.</summary>
        public static long Run()
        {
            var bodies = Bodies();
            for (var step = 0; step < Steps; step++)
            {
                Advance(bodies);
            }

            return BitConverter.DoubleToInt64Bits(Energy(bodies));
        }

        /// <summary><see cref="Run"/>, checking <paramref name="token"/> in every loop as a user would by hand.</summary>
        public static long RunWithToken(CancellationToken token)
        {
            var bodies = Bodies(token);
            for (var step = 0; step < Steps; step++)
            {
                token.ThrowIfCancellationRequested();
                Advance(bodies, token);
            }

            return BitConverter.DoubleToInt64Bits(Energy(bodies, token));
        }

        private static void Advance(Body[] bodies)
        {
            for (var i = 0; i < bodies.Length; i++)
            {
                var a = bodies[i];
                for (var j = i + 1; j < bodies.Length; j++)
                {
                    Attract(a, bodies[j]);
                }
            }

            for (var i = 0; i < bodies.Length; i++)
            {
                Move(bodies[i]);
            }
        }

        private static void Advance(Body[] bodies, CancellationToken token)
        {
            for (var i = 0; i < bodies.Length; i++)
            {
                token.ThrowIfCancellationRequested();
                var a = bodies[i];
                for (var j = i + 1; j < bodies.Length; j++)
                {
                    token.ThrowIfCancellationRequested();
                    Attract(a, bodies[j]);
                }
            }

            for (var i = 0; i < bodies.Length; i++)
            {
                token.ThrowIfCancellationRequested();
                Move(bodies[i]);
            }
        }

        private static void Attract(Body a, Body b)
        {
            double dx = a.X - b.X, dy = a.Y - b.Y, dz = a.Z - b.Z;
            var distanceSquared = dx * dx + dy * dy + dz * dz;
            var magnitude = TimeStep / (distanceSquared * Math.Sqrt(distanceSquared));
            a.Vx -= dx * b.Mass * magnitude;
            a.Vy -= dy * b.Mass * magnitude;
            a.Vz -= dz * b.Mass * magnitude;
            b.Vx += dx * a.Mass * magnitude;
            b.Vy += dy * a.Mass * magnitude;
            b.Vz += dz * a.Mass * magnitude;
        }

        private static void Move(Body body)
        {
            body.X += TimeStep * body.Vx;
            body.Y += TimeStep * body.Vy;
            body.Z += TimeStep * body.Vz;
        }

        private static double Energy(Body[] bodies)
        {
            var energy = 0.0;
            for (var i = 0; i < bodies.Length; i++)
            {
                var a = bodies[i];
                energy += Kinetic(a);
                for (var j = i + 1; j < bodies.Length; j++)
                {
                    energy -= Potential(a, bodies[j]);
                }
            }

            return energy;
        }

        private static double Energy(Body[] bodies, CancellationToken token)
        {
            var energy = 0.0;
            for (var i = 0; i < bodies.Length; i++)
            {
                token.ThrowIfCancellationRequested();
                var a = bodies[i];
                energy += Kinetic(a);
                for (var j = i + 1; j < bodies.Length; j++)
                {
                    token.ThrowIfCancellationRequested();
                    energy -= Potential(a, bodies[j]);
                }
            }

            return energy;
        }

        private static double Kinetic(Body body) => 0.5 * body.Mass * (body.Vx * body.Vx + body.Vy * body.Vy + body.Vz * body.Vz);

        private static double Potential(Body a, Body b)
        {
            double dx = a.X - b.X, dy = a.Y - b.Y, dz = a.Z - b.Z;
            return a.Mass * b.Mass / Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }

        private static Body[] Bodies()
        {
            var bodies = Planets();
            double px = 0, py = 0, pz = 0;
            foreach (var body in bodies)
            {
                px += body.Vx * body.Mass;
                py += body.Vy * body.Mass;
                pz += body.Vz * body.Mass;
            }

            Offset(bodies[0], px, py, pz);
            return bodies;
        }

        private static Body[] Bodies(CancellationToken token)
        {
            var bodies = Planets();
            double px = 0, py = 0, pz = 0;
            foreach (var body in bodies)
            {
                token.ThrowIfCancellationRequested();
                px += body.Vx * body.Mass;
                py += body.Vy * body.Mass;
                pz += body.Vz * body.Mass;
            }

            Offset(bodies[0], px, py, pz);
            return bodies;
        }

        /// <summary>Gives the sun the momentum that makes the system's total zero.</summary>
        private static void Offset(Body sun, double px, double py, double pz)
        {
            sun.Vx = -px / SolarMass;
            sun.Vy = -py / SolarMass;
            sun.Vz = -pz / SolarMass;
        }

        private static Body[] Planets() =>
        [
            new Body(0, 0, 0, 0, 0, 0, SolarMass),
            new Body( // Jupiter
                4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
                1.66007664274403694e-03 * DaysPerYear, 7.69901118419740425e-03 * DaysPerYear, -6.90460016972063023e-05 * DaysPerYear,
                9.54791938424326609e-04 * SolarMass),
            new Body( // Saturn
                8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
                -2.76742510726862411e-03 * DaysPerYear, 4.99852801234917238e-03 * DaysPerYear, 2.30417297573763929e-05 * DaysPerYear,
                2.85885980666130812e-04 * SolarMass),
            new Body( // Uranus
                1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
                2.96460137564761618e-03 * DaysPerYear, 2.37847173959480950e-03 * DaysPerYear, -2.96589568540237556e-05 * DaysPerYear,
                4.36624404335156298e-05 * SolarMass),
            new Body( // Neptune
                1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
                2.68067772490389322e-03 * DaysPerYear, 1.62824170038242295e-03 * DaysPerYear, -9.51592254519715870e-05 * DaysPerYear,
                5.15138902046611451e-05 * SolarMass),
        ];

        private sealed class Body(double x, double y, double z, double vx, double vy, double vz, double mass)
        {
            public double X = x, Y = y, Z = z, Vx = vx, Vy = vy, Vz = vz;
            public readonly double Mass = mass;
        }
    }
}
