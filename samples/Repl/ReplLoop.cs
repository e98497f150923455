using System;
using System.Text;

namespace Repl;

/// <summary>
/// The interactive loop: reads a submission (several lines while it is incomplete), runs it and shows the outcome, until
/// Ctrl+D, <c>#exit</c> or the end of the input.
/// </summary>
/// <param name="runner">Runs each submission.</param>
internal sealed class ReplLoop(SubmissionRunner runner)
{
    private const string Prompt = "> ";
    private const string ContinuationPrompt = "* ";

    /// <summary>Reads and runs submissions until the user leaves; returns the exit code, 0.</summary>
    public int Run()
    {
        // A terminal gets the line editor and prompts; piped input is read as plain lines, without prompts.
        var editor = Console.IsInputRedirected ? null : new LineEditor();
        if (editor is not null)
        {
            Console.WriteLine("C# REPL with interrupts: Ctrl+C stops the running code, Ctrl+D or #exit leaves.");
        }

        var submission = new StringBuilder();
        while (true)
        {
            var (kind, line) = editor?.Read(submission.Length == 0 ? Prompt : ContinuationPrompt) ?? ReadPlainLine();
            if (kind == InputKind.EndOfInput)
            {
                return 0;
            }

            if (kind == InputKind.Cancelled)
            {
                submission.Clear();
                continue;
            }

            if (submission.Length == 0 && line.Trim() == "#exit")
            {
                return 0;
            }

            submission.AppendLine(line);
            var code = submission.ToString();
            if (code.Trim().Length == 0)
            {
                submission.Clear();
            }
            else if (ScriptSession.IsComplete(code))
            {
                submission.Clear();
                runner.Execute(code, path: null, showValue: true);
            }
        }
    }

    private static (InputKind, string) ReadPlainLine() =>
        Console.ReadLine() is { } line ? (InputKind.Line, line) : (InputKind.EndOfInput, "");
}
