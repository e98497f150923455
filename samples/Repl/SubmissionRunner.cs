using System;
using System.Threading.Tasks;
using Interrupts;
using Interrupts.Weaving;

namespace Repl;

/// <summary>
/// Compiles and runs one submission inside the interrupt scopes, and reports what happened: its diagnostics, its value,
/// or the exception that ended it. Ctrl+C, the deadline, the budget and the allocation limit stop the submission, and
/// the stack guard its endless recursion, never the REPL.
/// </summary>
/// <param name="session">The session the submissions join.</param>
/// <param name="timeout">How long each submission may run, or null.</param>
/// <param name="budget">How many IL instructions each submission may run, or null.</param>
/// <param name="maxMemory">How many bytes each submission may allocate, garbage included.</param>
internal sealed class SubmissionRunner(ScriptSession session, TimeSpan? timeout, long? budget, long maxMemory)
{
    private readonly InterruptBuffer _keyboard = new();

    /// <summary>Compiles and runs <paramref name="code"/>; false when it did not compile or ended with an exception.</summary>
    /// <param name="code">The submission.</param>
    /// <param name="path">The file it comes from, for diagnostics; null for typed input.</param>
    /// <param name="showValue">Whether to print the value of a final expression.</param>
    public bool Execute(string code, string? path, bool showValue)
    {
        // A Ctrl+C pressed after the last submission had ended, and so taken by no checkpoint, is not for this one.
        _keyboard.Clear();

        // From here Ctrl+C raises the signal rather than ending the process. One pressed while Roslyn compiles waits
        // in the buffer and stops the submission at its first checkpoint.
        using (_keyboard.HandleCtrlC())
        {
            var submission = session.Compile(code, path);
            foreach (var diagnostic in submission.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic.ToString());
            }

            if (!submission.Compiled)
            {
                return false;
            }

            Func<Task<object?>> run;
            try
            {
                run = session.Load(submission);
            }
            catch (AssemblyWeavingException exception)
            {
                Console.Error.WriteLine($"The submission cannot be woven, so it did not run: {exception.Message}");
                return false;
            }

            try
            {
                // Caught outside the scopes: each of them throws again at every checkpoint until it is disposed.
                using (Interrupt.GuardStack())
                using (Interrupt.LimitAllocation(maxMemory))
                using (Interrupt.Check(_keyboard))
                using (timeout is { } time ? Interrupt.Deadline(time) : null)
                using (budget is { } instructions ? Interrupt.Budget(instructions) : null)
                {
                    var value = run().GetAwaiter().GetResult();
                    if (showValue && submission.HasValue)
                    {
                        // Inside the scopes: showing a value may run the user's code (ToString, an endless sequence).
                        Console.WriteLine(ValueFormatter.Format(value));
                    }
                }

                return true;
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine(ValueFormatter.FormatException(exception));
                if (exception is AllocationLimitExceededException { Limit: var limit } && limit == maxMemory)
                {
                    // Not said for a limit the submission opened itself, which --max-memory does not set.
                    Console.Error.WriteLine("Everything a submission allocates counts, garbage too; start the REPL with a larger --max-memory to allow more.");
                }

                return false;
            }
        }
    }
}
