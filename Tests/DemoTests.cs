using System.IO;
using System.Linq;
using Tests.Infrastructure;

namespace Tests;

/// <summary>The demo, woven by Fody during the solution's build, runs and is interrupted.</summary>
public sealed class DemoTests
{
    private static readonly string DemoDll = Path.Combine(Repository.Root, "samples", "Demo", "bin", Repository.Configuration, "net10.0", "Demo.dll");

    [Fact]
    public void DemoIsWovenAtBuildTime()
    {
        using var module = WovenIl.Read(DemoDll);
        Assert.True(WovenIl.Methods(module).Sum(WovenIl.CheckpointCount) > 0);
    }

    [Fact]
    public void DemoPrintsTheSeedExampleThenStopsItsEndlessLoop()
    {
        var (exitCode, output) = Repository.RunDotnet(DemoDll, "--timeout", "0.5");

        Assert.Equal(0, exitCode);
        Assert.Contains("0,check", output);
        Assert.Contains("49,check", output);
        Assert.Matches(@"Stopped an endless loop after 0\.5 s and [\d,]+ iterations\.", output);
    }
}
