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
    case ["bench", .. var options]:
        return BenchmarkCommand.Run(options);
    case ["roslyn", .. var options]:
        return RoslynCommand.Run(options);
    case ["loadtime", .. var options]:
        return LoadTimeCommand.Run(options);
    case ["memory"]:
        return MemoryCommand.Run(runs: 3);
    case ["memory", var runs]:
        return MemoryCommand.Run(int.Parse(runs, CultureInfo.InvariantCulture));
    case [MemoryCommand.CaseArgument, var name]:
        return MemoryCommand.RunCase(name);
    case ["browser"]:
        return await BrowserCommand.RunAsync(runs: 5);
    case ["browser", var runs]:
        return await BrowserCommand.RunAsync(int.Parse(runs, CultureInfo.InvariantCulture));
    case ["buildtime"]:
        return BuildTime.Run(repetitions: 5);
    case ["buildtime", var repetitions]:
        return BuildTime.Run(int.Parse(repetitions, CultureInfo.InvariantCulture));
    default:
        Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Interrupts.Benchmarks -- latency [TRIALS]");
        Console.Error.WriteLine("       " + BenchmarkCommand.Usage);
        Console.Error.WriteLine("       " + RoslynCommand.Usage);
        Console.Error.WriteLine("       " + LoadTimeCommand.Usage);
        Console.Error.WriteLine("       " + MemoryCommand.Usage);
        Console.Error.WriteLine("       " + BuildTime.Usage);
        Console.Error.WriteLine("       " + BrowserCommand.Usage);
        return 2;
}
