using System;
using System.Collections.Generic;
using System.Text;

namespace Repl;

/// <summary>What <see cref="LineEditor.Read"/> got.</summary>
internal enum InputKind
{
    /// <summary>A line, ended by Enter.</summary>
    Line,

    /// <summary>Ctrl+C: the line was thrown away.</summary>
    Cancelled,

    /// <summary>Ctrl+D on an empty line: the user is leaving.</summary>
    EndOfInput,
}

/// <summary>
/// Reads a line from the terminal key by key: printable characters, Backspace and Delete, Left, Right, Home and End,
/// Up and Down through the lines entered before; Ctrl+C throws the line away, Ctrl+D on an empty line ends the input.
/// </summary>
/// <remarks>
/// Ctrl+C comes as a key only while a line is read (<see cref="Console.TreatControlCAsInput"/>); the rest of the time
/// the terminal sends SIGINT, which is what stops a running submission. A line wider than the terminal scrolls
/// sideways while it is edited, as linenoise's single-line mode does, so the editor only ever redraws one row.
/// </remarks>
internal sealed class LineEditor
{
    private readonly List<string> _history = [];

    /// <summary>Shows <paramref name="prompt"/> and reads a line after it.</summary>
    public (InputKind Kind, string Text) Read(string prompt)
    {
        var line = new StringBuilder();
        var cursor = 0;
        var historyIndex = _history.Count;
        var draft = "";
        // Both before the prompt: a key typed as soon as it shows must find the terminal ready.
        Console.TreatControlCAsInput = true;
        var raw = RawTerminal.Enter();
        try
        {
            // Output that did not end its line (Console.Write) stays: the prompt goes on a line of its own, as the
            // editor redraws its line from the first column.
            if (CursorColumn() != 0)
            {
                Console.Write("\n");
            }

            Console.Write(prompt);
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                var control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
                switch (key.Key)
                {
                    case ConsoleKey.Enter:
                        // The whole line, now that it will not be edited again: the terminal wraps it.
                        Console.Write($"\r{prompt}{line}\u001b[K\n");
                        var text = line.ToString();
                        if (text.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != text))
                        {
                            _history.Add(text);
                        }

                        return (InputKind.Line, text);
                    case ConsoleKey.C when control || key.KeyChar == '\u0003':
                        Redraw(prompt, line, line.Length);
                        Console.Write("^C\n");
                        return (InputKind.Cancelled, "");
                    case ConsoleKey.D when (control || key.KeyChar == '\u0004') && line.Length == 0:
                        Console.Write("\n");
                        return (InputKind.EndOfInput, "");
                    case ConsoleKey.D when control || key.KeyChar == '\u0004':
                    case ConsoleKey.Delete:
                        if (cursor < line.Length)
                        {
                            line.Remove(cursor, 1);
                        }

                        break;
                    case ConsoleKey.Backspace:
                        if (cursor > 0)
                        {
                            line.Remove(--cursor, 1);
                        }

                        break;
                    case ConsoleKey.LeftArrow:
                        cursor = Math.Max(0, cursor - 1);
                        break;
                    case ConsoleKey.RightArrow:
                        cursor = Math.Min(line.Length, cursor + 1);
                        break;
                    case ConsoleKey.Home:
                    case ConsoleKey.A when control:
                        cursor = 0;
                        break;
                    case ConsoleKey.End:
                    case ConsoleKey.E when control:
                        cursor = line.Length;
                        break;
                    case ConsoleKey.UpArrow when historyIndex > 0:
                    case ConsoleKey.DownArrow when historyIndex < _history.Count:
                        if (historyIndex == _history.Count)
                        {
                            draft = line.ToString();
                        }

                        historyIndex += key.Key == ConsoleKey.UpArrow ? -1 : 1;
                        line.Clear().Append(historyIndex == _history.Count ? draft : _history[historyIndex]);
                        cursor = line.Length;
                        break;
                    case ConsoleKey.Tab:
                        line.Insert(cursor, "    ");
                        cursor += 4;
                        break;
                    default:
                        if (!char.IsControl(key.KeyChar))
                        {
                            line.Insert(cursor++, key.KeyChar);
                        }

                        break;
                }

                Redraw(prompt, line, cursor);
            }
        }
        finally
        {
            // In this order: giving Ctrl+C back its signal must come after the settings from before the raw mode.
            raw?.Dispose();
            Console.TreatControlCAsInput = false;
        }
    }

    private static void Redraw(string prompt, StringBuilder line, int cursor)
    {
        // The part of the line that fits after the prompt, scrolled so the cursor stays in view, and never in the last
        // column, where a terminal would wrap.
        var columns = Math.Max(prompt.Length + 2, WindowWidth() - 1);
        var start = Math.Max(0, prompt.Length + cursor - columns + 1);
        var visible = Math.Min(line.Length - start, columns - prompt.Length);
        // Back to the cursor from the row's start; the prompt is never empty, so the move is never 0 (which means 1).
        Console.Write($"\r{prompt}{line.ToString(start, visible)}\u001b[K\r\u001b[{prompt.Length + cursor - start}C");
    }

    private static int CursorColumn()
    {
        try
        {
            return Console.CursorLeft;
        }
        catch (Exception exception) when (exception is System.IO.IOException or PlatformNotSupportedException)
        {
            return 0;
        }
    }

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (Exception exception) when (exception is System.IO.IOException or PlatformNotSupportedException)
        {
            return 80;
        }
    }
}
