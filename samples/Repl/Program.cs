using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Repl;

// Arguments: [--timeout SECONDS] [--budget INSTRUCTIONS] [SCRIPT]. A script runs without a prompt; without one, the REPL.
const string Usage = "usage: Repl [--timeout SECONDS] [--budget INSTRUCTIONS] [SCRIPT.csx]";
const double MaxSeconds = 4_294_967; // what Interrupt.Deadline's timer allows, about 49 days
TimeSpan? timeout = null;
long? budget = null;
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

var runner = new SubmissionRunner(new ScriptSession(), timeout, budget);
if (script is not null)
{
    return runner.Execute(File.ReadAllText(script), Path.GetFullPath(script), showValue: false) ? 0 : 1;
}

// Roslyn and the weaver take a second or two to warm up: done while the user types the first line.
_ = Task.Run(ScriptSession.WarmUp);
return new ReplLoop(runner).Run();

static int Fail(string message)
{
    Console.Error.WriteLine($"Repl: {message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
