using System;
using System.Diagnostics;
using Interrupts;

// The example of pyodide_interrupts' README: "check" every 10 IL instructions of woven code.
using (Interrupt.Check(() => Console.WriteLine("check"), 10))
{
    for (int i = 0; i < 50; i++) Console.Write($"{i},");
}

Console.WriteLine();

// An endless loop with no calls in it, stopped by a callback that checks the time every 100,000 instructions.
var seconds = args.Length == 2 && args[0] == "--timeout" ? double.Parse(args[1]) : 2;
var clock = Stopwatch.StartNew();
long iterations = 0;
try
{
    using (Interrupt.Check(() => { if (clock.Elapsed.TotalSeconds >= seconds) throw new TimeoutException(); }, 100_000))
    {
        while (true)
        {
            iterations++;
        }
    }
}
catch (TimeoutException)
{
    Console.WriteLine($"Stopped an endless loop after {seconds} s and {iterations:N0} iterations.");
}
