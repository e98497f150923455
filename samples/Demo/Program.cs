using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Demo;
using Interrupts;

// The example of pyodide_interrupts' README: "check" every 10 IL instructions of woven code.
using (Interrupt.Check(() => Console.WriteLine("check"), 10))
{
    for (int i = 0; i < 50; i++) Console.Write($"{i},");
}

Console.WriteLine();

// Options: --timeout SECONDS and --budget INSTRUCTIONS stop the computation without a keyboard.
TimeSpan? timeout = null;
long? budget = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--timeout": timeout = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
        case "--budget": budget = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}; the options are --timeout SECONDS and --budget INSTRUCTIONS"); return 2;
    }
}

var primes = new Primes();
var clock = Stopwatch.StartNew();
Console.WriteLine("Counting primes in woven code, which never checks for cancellation. Press Ctrl+C to stop it"
    + (timeout is { } t ? $"; it stops by itself after {t.TotalSeconds} s" : "")
    + (budget is { } b ? $"; it stops by itself after {b:N0} IL instructions" : "") + ".");

// The progress line is drawn from a timer thread: the woven code pays nothing for it.
using (new Timer(_ => Console.Write($"\r  checked {primes.Checked:N0} numbers, found {primes.Found:N0} primes, {clock.Elapsed.TotalSeconds:0.0} s "), null, 0, 250))
{
    var keyboard = new InterruptBuffer();
    using (keyboard.HandleCtrlC())
    {
        // Caught outside the scopes: a deadline or budget throws again at every checkpoint while its scope is open.
        try
        {
            using (Interrupt.Check(keyboard))
            using (timeout is null ? null : Interrupt.Deadline(timeout.Value))
            using (budget is null ? null : Interrupt.Budget(budget.Value))
            {
                primes.CountForever();
            }
        }
        catch (KeyboardInterruptException)
        {
            Report("KeyboardInterrupt");
        }
        catch (DeadlineExceededException)
        {
            Report($"Deadline of {timeout!.Value.TotalSeconds} s passed");
        }
        catch (InstructionBudgetExceededException)
        {
            Report($"Budget of {budget!.Value:N0} IL instructions spent");
        }
    }
}

Console.WriteLine($"The process goes on: the sum of the primes below 100,000 is {Primes.SumBelow(100_000):N0}.");
return 0;

void Report(string what) =>
    Console.WriteLine($"\n{what}: stopped at {primes.Checked:N0} after {clock.Elapsed.TotalSeconds:0.00} s, with {primes.Found:N0} primes found.");
