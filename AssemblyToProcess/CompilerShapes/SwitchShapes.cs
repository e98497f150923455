using System.Runtime.CompilerServices;

namespace AssemblyToProcess.CompilerShapes
{
    /// <summary>Dense cases: the compiler emits a jump table (the switch opcode).</summary>
    public static class JumpTableSwitch
    {
        public static long Run(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += Step(i);
            }

            return sum;
        }

        /// <summary>A state machine: the switch's targets branch back to it.</summary>
        public static void Forever(StrongBox<long> progress)
        {
            var state = 0;
            while (true)
            {
                switch (state)
                {
                    case 0:
                        state = 2;
                        break;
                    case 1:
                        state = 0;
                        break;
                    case 2:
                        state = 3;
                        break;
                    case 3:
                        state = 1;
                        break;
                    default:
                        return;
                }

                progress.Value++;
            }
        }

        private static long Step(int i)
        {
            switch (i % 7)
            {
                case 0: return 10;
                case 1: return 3;
                case 2: return i;
                case 3: return -i;
                case 4: return i * 2;
                case 5: return 7;
                default: return 1;
            }
        }
    }

    /// <summary>Sparse cases: the compiler emits compares and branches (a binary search), no jump table.</summary>
    public static class IfChainSwitch
    {
        public static long Run(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                switch (i * 37 % 1000)
                {
                    case 1:
                        sum += 1;
                        break;
                    case 74:
                        sum += 20;
                        break;
                    case 333:
                        sum += 300;
                        break;
                    case 999:
                        sum += 4000;
                        break;
                    default:
                        sum--;
                        break;
                }
            }

            return sum;
        }
    }

    public static class StringSwitch
    {
        private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "other"];

        public static long Run(int n)
        {
            long sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += Words[i % Words.Length] switch
                {
                    "alpha" => 1,
                    "beta" => 2,
                    "gamma" => 3,
                    "delta" => 4,
                    "epsilon" => 5,
                    "zeta" => 6,
                    "eta" => 7,
                    "theta" => 8,
                    _ => 100,
                };
            }

            return sum;
        }
    }
}
