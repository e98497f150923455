using System;
using System.IO;
using System.Text.RegularExpressions;
using Tests.EndToEnd.Infrastructure;

namespace Tests.EndToEnd;

/// <summary>
/// samples/Repl as a person uses it: typed into a real terminal (tmux), Ctrl+C and Ctrl+D included, and run with a
/// script file. Unwoven, the submissions would have no checkpoints: Ctrl+C, the deadline and the budget would never
/// stop a loop, and those tests fail when their bounded wait ends.
/// </summary>
public sealed class ReplTests(ReplBuild repl) : IClassFixture<ReplBuild>
{
    /// <summary>Far more than woven code takes to stop (milliseconds), bounding the wait when it does not.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void CtrlCStopsAnEndlessLoopWithKeyboardInterruptAndEveryVariableKeepsItsValue()
    {
        using var terminal = repl.StartInTerminal();
        Submit(terminal, "var before = 42;", "");
        terminal.TypeLine("""var i = 0; Console.WriteLine("looping"); while (true) i++;""");
        terminal.WaitFor("^looping$");

        terminal.Press("C-c");

        terminal.WaitFor(@"^looping\nKeyboardInterrupt\n>\z", StopTimeout);
        Assert.True(long.Parse(Submit(terminal, "i", @"(\d+)").Groups[1].Value) > 0);
        Submit(terminal, "before", "42");
        Submit(terminal, "before + 1", "43");
    }

    [Fact]
    public void ACompileErrorIsShownWithItsLineAndColumnAndTheReplGoesOn()
    {
        using var terminal = repl.StartInTerminal();
        Submit(terminal, "var x = 1;", "");

        Submit(terminal, "x + y", Regex.Escape("(1,5): error CS0103: The name 'y' does not exist in the current context"));

        Submit(terminal, "x + 1", "2");
    }

    [Fact]
    public void IncompleteInputContinuesOnTheNextLine()
    {
        using var terminal = repl.StartInTerminal();

        terminal.TypeLine("void F() {");
        terminal.WaitFor(@"^\* ?\z");
        terminal.TypeLine("""Console.WriteLine("in F");""");
        terminal.WaitFor(@"^\* ?\z");
        terminal.TypeLine("}");

        terminal.WaitFor(@"^\* }\n>\z");
        Submit(terminal, "F()", "in F");
    }

    [Fact]
    public void CtrlCAtThePromptThrowsTheTypedLineAway()
    {
        using var terminal = repl.StartInTerminal();
        terminal.Type("""throw new Exception("typed")""");
        terminal.WaitFor("""^> throw new Exception\("typed"\)\z""");

        terminal.Press("C-c");

        terminal.WaitFor(@"^> throw new Exception\(""typed""\)\^C\n>\z");
        Submit(terminal, "1 + 1", "2");
        Assert.DoesNotContain("Exception: typed", terminal.Screen());
    }

    [Fact]
    public void TimeoutStopsAnEndlessLoopWithDeadlineExceededException()
    {
        using var terminal = repl.StartInTerminal("--timeout", "1");

        terminal.TypeLine("while (true) { }");

        terminal.WaitFor(@"^DeadlineExceededException: The code ran longer than its deadline of 1 s\.\n>\z", StopTimeout);
        Submit(terminal, "1 + 1", "2");
    }

    [Fact]
    public void TimeoutStopsAnAwaitedMethodThatSpinsAfterSuspendingAndTheReplGoesOn()
    {
        // The awaiting submission resumes on a thread-pool thread after the deadline stopped the awaited method.
        using var terminal = repl.StartInTerminal("--timeout", "1");
        Submit(terminal, "async Task<long> Spin() { await Task.Yield(); long k = 0; while (k >= 0) k++; return k; }", "");

        terminal.TypeLine("await Spin()");

        terminal.WaitFor(@"^DeadlineExceededException: The code ran longer than its deadline of 1 s\.\n>\z", StopTimeout);
        Submit(terminal, "1 + 1", "2");
    }

    [Fact]
    public void BudgetStopsAnEndlessLoopWithInstructionBudgetExceededException()
    {
        using var terminal = repl.StartInTerminal("--budget", "1000000");

        terminal.TypeLine("while (true) { }");

        terminal.WaitFor(@"^InstructionBudgetExceededException: .*1000000 IL instructions.*\n>\z", StopTimeout);
        Submit(terminal, "1 + 1", "2");
    }

    [Fact]
    public void AnUnhandledExceptionIsShownWithItsTypeAndMessageAndTheReplGoesOn()
    {
        using var terminal = repl.StartInTerminal();

        Submit(terminal, """throw new InvalidOperationException("boom");""", "InvalidOperationException: boom");

        Submit(terminal, "1 + 1", "2");
    }

    [Fact]
    public void EndlessRecursionIsStoppedByTheStackGuardAndTheReplGoesOn()
    {
        using var terminal = repl.StartInTerminal();
        Submit(terminal, "int depth = 0;", "");
        Submit(terminal, "int Down(int n) { depth = n; return Down(n + 1) + 1; }", "");

        Submit(terminal, "Down(0)", "InsufficientExecutionStackException: .*stack guard's 1,024 KB.*");

        Submit(terminal, "depth > 1000", "true");
    }

    [Fact]
    public void ARunawayAllocationIsStoppedAtTheMemoryLimitAndTheEarlierStateSurvives()
    {
        using var terminal = repl.StartInTerminal("--max-memory", "200M");
        Submit(terminal, "var before = 42;", "");

        terminal.TypeLine("var l = new List<long>(); while (true) l.Add(1);");

        terminal.WaitFor(
            @"^AllocationLimitExceededException: The code allocated more than its limit of 200 MB\.\n.*--max-memory.*\n>\z", StopTimeout);
        Submit(terminal, "before", "42");
        Assert.True(long.Parse(Submit(terminal, "l.Count", @"(\d+)").Groups[1].Value) > 1_000_000);
    }

    [Fact]
    public void CtrlCStopsAnEndlessLoopInAFinallyBlockAndTheReplGoesOn()
    {
        // A finally block holds interrupts, but the REPL weaves submissions as untrusted code, whose holds are bounded.
        using var terminal = repl.StartInTerminal();
        terminal.TypeLine("""try { } finally { Console.WriteLine("in finally"); while (true) { } }""");
        terminal.WaitFor("^in finally$");

        terminal.Press("C-c");

        terminal.WaitFor(@"^in finally\nKeyboardInterrupt\n>\z", StopTimeout);
        Submit(terminal, "1 + 1", "2");
    }

    [Fact]
    public void CtrlCStopsAnEndlessLoopInASuppressScopeAndTheReplGoesOn()
    {
        // Untrusted code, as the REPL weaves submissions, suppresses interrupts for a bounded number of instructions only.
        using var terminal = repl.StartInTerminal();
        terminal.TypeLine("""using (Interrupts.Interrupt.Suppress()) { Console.WriteLine("suppressed"); while (true) { } }""");
        terminal.WaitFor("^suppressed$");

        terminal.Press("C-c");

        terminal.WaitFor(@"^suppressed\nKeyboardInterrupt\n>\z", StopTimeout);
        Submit(terminal, "1 + 1", "2");
    }

    [Fact]
    public void ValuesAreShownAsCSharpWritesThem()
    {
        using var terminal = repl.StartInTerminal();

        Submit(terminal, "\"a\\tb\"", Regex.Escape("\"a\\tb\""));
        Submit(terminal, "new List<int> { 1, 2, 3 }", Regex.Escape("List<int>(3) { 1, 2, 3 }"));
        Submit(terminal, "(string)null", "null");
    }

    [Fact]
    public void CtrlDOnAnEmptyLineLeavesWithExitCode0()
    {
        using var terminal = repl.StartInTerminal();

        terminal.Press("C-d");

        Assert.Equal(0, terminal.WaitForExit());
    }

    [Fact]
    public void HashExitLeavesWithExitCode0()
    {
        using var terminal = repl.StartInTerminal();

        terminal.TypeLine("#exit");

        Assert.Equal(0, terminal.WaitForExit());
    }

    [Fact]
    public void AScriptFileRunsWithoutAPromptAndExits0()
    {
        using var script = new ScriptFile("""
            var squares = Enumerable.Range(1, 4).Select(n => n * n).ToList();
            Console.WriteLine($"sum of squares: {squares.Sum()}");
            """);

        var result = repl.Run(script.Path).Succeeded();

        Assert.Equal("sum of squares: 30", result.Output.Trim());
    }

    [Fact]
    public void AScriptFileThatThrowsExits1()
    {
        using var script = new ScriptFile("""
            Console.WriteLine("before");
            throw new InvalidOperationException("boom");
            """);

        var result = repl.Run(script.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("InvalidOperationException: boom", result.Output);
    }

    [Fact]
    public void AScriptFileThatDoesNotCompileExits1WithTheErrorsPlace()
    {
        using var script = new ScriptFile("var x = 1;\nx + y;\n");

        var result = repl.Run(script.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{script.Path}(2,5): error CS0103: The name 'y' does not exist in the current context", result.Output);
    }

    [Fact]
    public void BadArgumentsExit2WithTheUsage()
    {
        var result = repl.Run("--timeout", "soon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--timeout takes a number of seconds", result.Output);
        Assert.Contains("usage: Repl [--timeout SECONDS] [--budget INSTRUCTIONS] [--max-memory SIZE] [SCRIPT.csx]", result.Output);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("-5M")]
    [InlineData("1.5G")]
    [InlineData("9000000T")]
    public void AMaxMemoryThatIsNotASizeExits2NamingTheOptionAndTheValue(string value)
    {
        var result = repl.Run("--max-memory", value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--max-memory {value} is not a size", result.Output);
        Assert.Contains("usage: Repl", result.Output);
    }

    /// <summary>
    /// Types <paramref name="line"/> at the prompt and waits until the screen ends with it, the output that matches
    /// <paramref name="output"/> (a regular expression; empty for none) and the next prompt.
    /// </summary>
    private static Match Submit(Terminal terminal, string line, string output)
    {
        terminal.TypeLine(line);
        return terminal.WaitFor($@"^> {Regex.Escape(line)}\n{(output.Length == 0 ? "" : output + @"\n")}>\z");
    }

    /// <summary>A script in a temporary file, deleted with it.</summary>
    private sealed class ScriptFile : IDisposable
    {
        public ScriptFile(string code)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"interrupts-repl-{Guid.NewGuid():N}.csx");
            File.WriteAllText(Path, code);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
