using System;

namespace AssemblyToProcess
{
    /// <summary>The example of pyodide_interrupts' README, in C#.</summary>
    public static class SeedExample
    {
        public static void CountToFifty()
        {
            for (int i = 0; i < 50; i++) Console.Write($"{i},");
        }
    }
}
