using System;
using System.Globalization;
using Interrupts.Benchmarks;

switch (args)
{
    case ["latency"]:
        InterruptLatency.Run(trials: 2000);
        return 0;
    case ["latency", var trials]:
        InterruptLatency.Run(int.Parse(trials, CultureInfo.InvariantCulture));
        return 0;
    default:
        Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Interrupts.Benchmarks -- latency [TRIALS]");
        return 2;
}
