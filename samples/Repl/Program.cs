using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Repl;

// Arguments: [--timeout SECONDS] [--budget INSTRUCTIONS] [--max-memory SIZE] [SCRIPT]. A script runs without a prompt;
// without one, the REPL.
const string Usage = "usage: Repl [--timeout SECONDS] [--budget INSTRUCTIONS] [--max-memory SIZE] [SCRIPT.csx]";
const double MaxSeconds = 4_294_967; // what Interrupt.Deadline's timer allows, about 49 days
const long MiB = 1024 * 1024;
TimeSpan? timeout = null;
long? budget = null;
var maxMemory = DefaultMaxMemory();
string? script = null;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "-h" or "--help":
            Console.WriteLine(Usage);
            Console.WriteLine("Without SCRIPT, reads C# submissions from the terminal; Ctrl+C stops the running one.");
            Console.WriteLine("  --timeout SECONDS         stop each submission after this long");
            Console.WriteLine("  --budget INSTRUCTIONS     stop each submission after this many IL instructions");
            Console.WriteLine("  --max-memory SIZE         stop each submission once it has allocated more than SIZE bytes, garbage included:");
            Console.WriteLine($"                            bytes, or 512K, 200M, 2G (powers of 1024); {DefaultMaxMemory() / MiB}M here by default,");
            Console.WriteLine("                            a quarter of the memory .NET may use, at most 2G");
            return 0;
        case "--timeout":
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0 && seconds <= MaxSeconds))
            {
                return Fail($"--timeout takes a number of seconds, more than 0 and at most {MaxSeconds}, such as --timeout 2.5");
            }

            timeout = TimeSpan.FromSeconds(seconds);
            i++;
            break;
        case "--budget":
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var instructions) || instructions < 1)
            {
                return Fail("--budget takes a whole number of IL instructions, at least 1, such as --budget 1000000");
            }

            budget = instructions;
            i++;
            break;
        case "--max-memory":
            if (ParseSize(value) is not { } bytes)
            {
                return Fail((value is null ? "--max-memory needs a size" : $"--max-memory {value} is not a size")
                    + ": a whole number of bytes, at least 1, with K, M, G or T after it for powers of 1024, such as --max-memory 512M");
            }

            maxMemory = bytes;
            i++;
            break;
        case var option when option.StartsWith('-'):
            return Fail($"unknown option {option}");
        case var path when script is null:
            script = path;
            break;
        default:
            return Fail($"one script at most: {script} and {args[i]} were given");
    }
}

if (script is not null && !File.Exists(script))
{
    return Fail($"there is no script at {script}");
}

var runner = new SubmissionRunner(new ScriptSession(), timeout, budget, maxMemory);
if (script is not null)
{
    return runner.Execute(File.ReadAllText(script), Path.GetFullPath(script), showValue: false) ? 0 : 1;
}

// Roslyn and the weaver take a second or two to warm up: done while the user types the first line.
_ = Task.Run(ScriptSession.WarmUp);
return new ReplLoop(runner).Run();

// A submission stopped at the limit keeps at most the limit plus the allocation that crossed it, which can be as large
// again (a List doubling its array in .NET's own, unchecked, code): a quarter of what the GC may use (the machine's
// memory, or the container's limit) leaves at least half for the REPL, what earlier submissions keep and the other
// programs. The cap keeps a runaway short on a large machine (a List<long> stopped at 2 GiB took about 3 s on a 2-core
// machine, at 4 GiB 12 s), and is still far more than a REPL's usual submission allocates.
static long DefaultMaxMemory()
{
    const long Cap = 2048 * MiB;
    var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    return available / 4 / MiB * MiB is > 0 and var quarter ? Math.Min(Cap, quarter) : Cap;
}

// A whole number of bytes, or of KiB, MiB, GiB or TiB with K, M, G or T after it (either case); null if it is not one,
// is below 1, or is more than a long holds.
static long? ParseSize(string? text)
{
    if (string.IsNullOrEmpty(text))
    {
        return null;
    }

    var shift = char.ToUpperInvariant(text[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
    var digits = shift == 0 ? text : text[..^1];
    return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
        && count >= 1 && count <= long.MaxValue >> shift
            ? count << shift
            : null;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"Repl: {message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
