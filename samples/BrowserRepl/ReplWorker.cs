using System;
using System.Diagnostics;
using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using Interrupts;
using Interrupts.Weaving;
using Repl;

[assembly: SupportedOSPlatform("browser")]

namespace BrowserRepl;

/// <summary>
/// What the worker runs for the page: each submission compiled, woven and run on top of the earlier ones, inside scopes
/// that let the page stop it; its output, its value or its error, and how it ended, go back to the page as they come.
/// </summary>
/// <remarks>
/// The worker has one thread, busy while a submission runs, so no timer and no message can reach it: the page stops a
/// submission by writing into a <c>SharedArrayBuffer</c> cell that an <see cref="Interrupt.Check(Action, long)"/>
/// callback reads, as pyodide_interrupts' <c>check_for_interrupt</c> does; the same callback reads the clock for the
/// deadline, since a <see cref="Interrupt.Deadline"/> timer could not fire.
/// </remarks>
internal static partial class ReplWorker
{
    private const int KeyboardInterrupt = 2;

    // Made by Start, which the worker calls once, before any submission.
    private static ScriptSession? s_session;
    private static readonly PageWriter Output = new("out");
    private static readonly PageWriter Errors = new("error");

    /// <summary>
    /// Sends the worker's console to the page, and compiles and weaves once so that the first submission is quick.
    /// <paramref name="weave"/> false leaves submissions unwoven, only to measure what the checks cost (the bench
    /// program's <c>browser</c> command): Cancel, the deadline and the budget then stop nothing.
    /// </summary>
    [JSExport]
    internal static void Start(bool weave)
    {
        s_session = new ScriptSession(weave);
        Console.SetOut(Output);
        Console.SetError(Errors);
        ScriptSession.WarmUp();
    }

    /// <summary>
    /// Compiles <paramref name="code"/> as the next submission and runs it: stopped by Cancel (the page writes 2 into the
    /// cell), after <paramref name="deadlineSeconds"/> (0: none), or past <paramref name="budget"/> IL instructions (0:
    /// none); the cell and the clock are read every <paramref name="interval"/> instructions.
    /// </summary>
    [JSExport]
    internal static async Task Run(string code, double deadlineSeconds, double budget, double interval)
    {
        var session = s_session ?? throw new InvalidOperationException("The worker runs submissions once Start has run.");
        var clock = Stopwatch.StartNew();
        var submission = session.Compile(code);
        var compiled = clock.Elapsed;
        foreach (var diagnostic in submission.Diagnostics)
        {
            Report("diagnostic", diagnostic.ToString());
        }

        if (!submission.Compiled)
        {
            End("compile-error", compiled, TimeSpan.Zero, TimeSpan.Zero);
            return;
        }

        Func<Task<object?>> run;
        try
        {
            run = session.Load(submission);
        }
        catch (AssemblyWeavingException exception)
        {
            Report("exception", $"The submission cannot be woven, so it did not run: {exception.Message}");
            End("exception", compiled, clock.Elapsed - compiled, TimeSpan.Zero);
            return;
        }

        var loaded = clock.Elapsed;
        var deadline = deadlineSeconds > 0 ? TimeSpan.FromSeconds(deadlineSeconds) : (TimeSpan?)null;
        var state = "done";
        try
        {
            // Caught outside the scopes: each of them throws again at every checkpoint until it is disposed.
            using (Interrupt.GuardStack())
            using (Interrupt.Check(() => CheckPage(clock, loaded, deadline), (long)interval))
            using (budget > 0 ? Interrupt.Budget((long)budget) : null)
            {
                var value = await run();
                if (submission.HasValue)
                {
                    // Inside the scopes: showing a value may run the user's code (ToString, an endless sequence).
                    Report("value", ValueFormatter.Format(value));
                }
            }
        }
        catch (KeyboardInterruptException)
        {
            state = "interrupted";
            Report("exception", "KeyboardInterrupt");
        }
        catch (Exception exception)
        {
            state = "exception";
            Report("exception", ValueFormatter.FormatException(exception));
        }
        finally
        {
            Output.Flush();
            Errors.Flush();
        }

        End(state, compiled, loaded - compiled, clock.Elapsed - loaded);
    }

    [JSImport("reportOutput", "worker")]
    internal static partial void ReportOutput(string stream, string text);

    /// <summary>
    /// The callback of the submission's <see cref="Interrupt.Check(Action, long)"/> scope: sends what it printed if that
    /// waited long enough (the only chance while it computes without printing), then stops it on Cancel or at its deadline.
    /// </summary>
    private static void CheckPage(Stopwatch clock, TimeSpan started, TimeSpan? deadline)
    {
        Output.SendIfDue();
        Errors.SendIfDue();
        if (ReadInterruptCell() == KeyboardInterrupt)
        {
            throw new KeyboardInterruptException();
        }

        if (deadline is { } allowed && clock.Elapsed - started > allowed)
        {
            throw new DeadlineExceededException(allowed);
        }
    }

    private static void End(string state, TimeSpan compile, TimeSpan weave, TimeSpan run) =>
        ReportEnd(state, compile.TotalMilliseconds, weave.TotalMilliseconds, run.TotalMilliseconds);

    [JSImport("readInterruptCell", "worker")]
    private static partial int ReadInterruptCell();

    [JSImport("report", "worker")]
    private static partial void Report(string kind, string text);

    [JSImport("reportEnd", "worker")]
    private static partial void ReportEnd(string state, double compileMs, double weaveMs, double runMs);
}
