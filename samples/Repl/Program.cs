using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Repl;

// Arguments: [--timeout SECONDS] [--budget INSTRUCTIONS] [SCRIPT]. A script runs without a prompt; without one, the REPL.
const string Usage = "usage: Repl [--timeout SECONDS] [--budget INSTRUCTIONS] [SCRIPT.csx]";
TimeSpan? timeout = null;
long? budget = null;
string? script = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "-h" or "--help":
            Console.WriteLine(Usage);
            Console.WriteLine("Without SCRIPT, reads C# submissions from the terminal; Ctrl+C stops the running one.");
            Console.WriteLine("  --timeout SECONDS         stop each submission after this long (DeadlineExceededException)");
            Console.WriteLine("  --budget INSTRUCTIONS     stop each submission after this many IL instructions (InstructionBudgetExceededException)");
            return 0;
        case "--timeout":
            if (!TryValue(i++, out var seconds) || !double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                || !double.IsFinite(s) || s <= 0 || s > 4_294_967)
            {
                return Fail("--timeout takes a number of seconds more than 0, such as --timeout 2.5");
            }

            timeout = TimeSpan.FromSeconds(s);
            break;
        case "--budget":
            if (!TryValue(i++, out var count) || !long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < 1)
            {
                return Fail("--budget takes a whole number of IL instructions, at least 1, such as --budget 1000000");
            }

            budget = b;
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

// Roslyn and the weaver take seconds to warm up: done while the user types the first line.
if (script is null)
{
    _ = Task.Run(ScriptSession.WarmUp);
}

var runner = new SubmissionRunner(new ScriptSession(), timeout, budget);
if (script is not null)
{
    return runner.Execute(File.ReadAllText(script), Path.GetFullPath(script), showValue: false) ? 0 : 1;
}

return new Repl.Repl(runner).Run();

bool TryValue(int index, out string value)
{
    value = index + 1 < args.Length ? args[index + 1] : "";
    return index + 1 < args.Length;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"Repl: {message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
