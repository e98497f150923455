using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace Tests.EndToEnd.Infrastructure;

/// <summary>
/// A program running in a real terminal, a tmux pane of 200 by 50, driven as a person would drive it: keys in, the
/// screen out. Needed for Ctrl+C: the terminal turns it into SIGINT for the program, while a program started in the
/// background by a script has SIGINT ignored, so a signal sent to it proves nothing.
/// </summary>
/// <remarks>
/// Each terminal has a tmux server of its own (its own socket, no configuration file), so it neither sees nor changes
/// anyone's sessions, and disposing it ends the program and the server. The pane stays after the program ends, so
/// that the screen can still be read.
/// </remarks>
public sealed class Terminal : IDisposable
{
    /// <summary>How long a wait for the screen lasts by default before it fails the test.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan TmuxTimeout = TimeSpan.FromSeconds(20);
    private static int count;

    private readonly string socket;
    private readonly string exitFile;
    private string? socketPath;

    private Terminal(string socket)
    {
        this.socket = socket;
        exitFile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), socket + ".exit");
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> in a new terminal, or fails the
    /// test saying how to install tmux.</summary>
    public static Terminal Start(string workingDirectory, string fileName, params string[] arguments)
    {
        if (FindTmux() is null)
        {
            Assert.Fail("tmux is not installed: no `tmux` on PATH. The REPL tests drive the REPL through a real terminal; "
                + "install it with `apt-get update && apt-get install -y tmux` (.ci/run does).");
        }

        var terminal = new Terminal($"interrupts-tests-{Environment.ProcessId}-{Interlocked.Increment(ref count)}");
        // bash writes the program's exit code to a file: tmux's own pane_dead_status is not reliable (tmux 3.3 may
        // leave the ended program unreaped). bash passes Ctrl+C on to the program and goes on when the program handles
        // it rather than dying of it.
        string[] words = ["exec", "bash", "-c", "\"$@\"; echo $? > \"$0\"", terminal.exitFile, fileName, .. arguments];
        var command = string.Join(' ', words.Select(Quote));
        terminal.Tmux(
            "new-session", "-d", "-s", "main", "-x", "200", "-y", "50", "-c", workingDirectory, command,
            ";", "set-option", "-t", "main", "remain-on-exit", "on");
        terminal.socketPath = terminal.Tmux("display-message", "-p", "#{socket_path}").Trim();
        return terminal;
    }

    /// <summary>What the screen shows now, without the blank lines at its bottom.</summary>
    public string Screen() => Tmux("capture-pane", "-p", "-t", "main").TrimEnd();

    /// <summary>Types <paramref name="text"/>, character by character as a keyboard would, without Enter.</summary>
    public void Type(string text)
    {
        // As bytes: tmux would read a trailing ';' or a lone '{' in a key argument as its own syntax.
        if (text.Length > 0)
        {
            Tmux(["send-keys", "-t", "main", "-H", .. Encoding.UTF8.GetBytes(text).Select(b => b.ToString("x2"))]);
        }
    }

    /// <summary>Presses keys by their tmux names: <c>Enter</c>, <c>C-c</c>, <c>C-d</c>, <c>Up</c>.</summary>
    public void Press(params string[] keys) => Tmux(["send-keys", "-t", "main", .. keys]);

    /// <summary>Types <paramref name="line"/> and presses Enter.</summary>
    public void TypeLine(string line)
    {
        Type(line);
        Press("Enter");
    }

    /// <summary>
    /// Waits until the screen matches <paramref name="pattern"/> (a multi-line regular expression, <c>^</c> and
    /// <c>$</c> at each line, <c>\z</c> at the end of the screen) and returns the match; fails the test with the
    /// screen after <paramref name="timeout"/>.
    /// </summary>
    public Match WaitFor(string pattern, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var regex = new Regex(pattern, RegexOptions.Multiline);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var screen = Screen();
            var match = regex.Match(screen);
            if (match.Success)
            {
                return match;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"The screen did not match /{pattern}/ within {limit.TotalSeconds:0} s. The screen:\n{screen}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Waits until the program has ended and returns its exit code; fails the test after <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Complete once it ends with a newline: bash may not have finished writing it.
            var written = File.Exists(exitFile) ? File.ReadAllText(exitFile) : "";
            if (written.EndsWith('\n'))
            {
                return int.Parse(written);
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"The program did not end within {limit.TotalSeconds:0} s. The screen:\n{Screen()}");
            }

            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        // The program first, by its process id: one stuck in a loop would not go with the server's SIGHUP.
        var state = RunTmux("display-message", "-p", "-t", "main", "#{pane_pid}:#{pane_dead}").Output.Trim().Split(':');
        if (state is [var id, not "1"] && int.TryParse(id, out var pid))
        {
            try
            {
                using var shell = Process.GetProcessById(pid);
                shell.Kill(entireProcessTree: true);
                shell.WaitForExit(TimeSpan.FromSeconds(10));
            }
            catch (ArgumentException)
            {
                // It ended meanwhile.
            }
        }

        RunTmux("kill-server");
        // The server leaves its socket behind.
        if (socketPath is not null)
        {
            File.Delete(socketPath);
        }

        File.Delete(exitFile);
    }

    private string Tmux(params string[] arguments) => RunTmux(arguments).Succeeded().Output;

    private CommandResult RunTmux(params string[] arguments) => Command.Run(
        Environment.CurrentDirectory, new Dictionary<string, string?>(), TmuxTimeout, "tmux", ["-L", socket, "-f", "/dev/null", .. arguments]);

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''") + "'";

    private static string? FindTmux() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "tmux"))
            .FirstOrDefault(File.Exists);
}
