using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Tests.Infrastructure;

namespace Tests;

/// <summary>The demo, woven by Fody during the solution's build, runs and is stopped from each source.</summary>
public sealed partial class DemoTests
{
    private const int SigInt = 2;

    private static readonly string DemoDll = Path.Combine(Repository.Root, "samples", "Demo", "bin", Repository.Configuration, "net10.0", "Demo.dll");

    [Fact]
    public void DemoIsWovenAtBuildTime()
    {
        using var module = WovenIl.Read(DemoDll);
        Assert.True(WovenIl.Methods(module).Sum(WovenIl.CheckpointCount) > 0);
    }

    [Fact]
    public void DemoPrintsTheSeedExampleThenStopsItsComputationAtTheDeadlineAndGoesOn()
    {
        var (exitCode, output) = Repository.RunDotnet(DemoDll, "--timeout", "0.5");

        Assert.Equal(0, exitCode);
        Assert.Contains("0,check", output);
        Assert.Contains("49,check", output);
        Assert.Matches(@"Deadline of 0\.5 s passed: stopped at [\d,]+ after 0\.\d\d s", output);
        Assert.Contains("The process goes on: the sum of the primes below 100,000 is 454,396,537.", output);
    }

    [Fact]
    public void DemoStopsAtTheSameNumberEveryTimeForTheSameBudget()
    {
        string StoppedAt()
        {
            var (exitCode, output) = Repository.RunDotnet(DemoDll, "--budget", "20000000");
            Assert.Equal(0, exitCode);
            return StoppedAtPattern().Match(output).Groups[1].Value;
        }

        var first = StoppedAt();

        Assert.NotEmpty(first);
        Assert.Equal(first, StoppedAt());
    }

    [Fact]
    public void CtrlCStopsTheComputationAndNotTheProcess()
    {
        using var demo = Repository.StartDotnet(DemoDll);
        var output = new StringBuilder();
        using var progressShown = new ManualResetEventSlim();
        demo.OutputDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
                if (line.Data?.Contains("checked") == true)
                {
                    progressShown.Set();
                }
            }
        };
        demo.BeginOutputReadLine();

        Assert.True(progressShown.Wait(TimeSpan.FromSeconds(30)), "the demo showed no progress");
        Assert.Equal(0, Kill(demo.Id, SigInt));
        Assert.True(demo.WaitForExit(TimeSpan.FromSeconds(30)), "the demo did not end after Ctrl+C");
        demo.WaitForExit();

        Assert.Equal(0, demo.ExitCode);
        Assert.Matches(@"KeyboardInterrupt: stopped at [\d,]+ after [\d.]+ s, with [\d,]+ primes found\.", output.ToString());
        Assert.Contains("The process goes on", output.ToString());
    }

    [GeneratedRegex(@"spent: stopped at ([\d,]+)")]
    private static partial Regex StoppedAtPattern();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
