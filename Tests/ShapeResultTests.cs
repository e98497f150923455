using System.Linq;
using System.Reflection;
using System.Threading;
using Interrupts;
using Tests.Infrastructure;

namespace Tests;

/// <summary>Every shape the C# and F# compilers emit (and hand-built IL) computes the same woven as unwoven.</summary>
[Collection(WovenCollection.Name)]
public sealed class ShapeResultTests(WovenAssembly woven, WovenFSharpAssembly fsharp, HandBuiltAssembly handBuilt)
{
    private static readonly int[] Arguments = [0, 1, 2, 7, 100, 1000];

    [Theory]
    [MemberData(nameof(ShapeCatalog.Computing), MemberType = typeof(ShapeCatalog))]
    public void WovenShapeReturnsWhatTheUnwovenShapeReturns(string input, string shape)
    {
        ReturnsWhatTheUnwovenShapeReturns(Input(input).Woven, Input(input).Unwoven, shape);
    }

    [Theory]
    [MemberData(nameof(ShapeCatalog.Computing), MemberType = typeof(ShapeCatalog))]
    public void DenselyWovenShapeReturnsWhatTheUnwovenShapeReturns(string input, string shape)
    {
        ReturnsWhatTheUnwovenShapeReturns(Input(input).DenselyWoven.Assembly, Input(input).Unwoven, shape);
    }

    [Theory]
    [MemberData(nameof(ShapeCatalog.Computing), MemberType = typeof(ShapeCatalog))]
    public void WovenShapeReturnsWhatTheUnwovenShapeReturnsWhileNoScopeIsOpen(string input, string shape)
    {
        ReturnsWhatTheUnwovenShapeReturnsWhileNoScopeIsOpen(Input(input).Woven, Input(input).Unwoven, shape);
    }

    [Theory]
    [MemberData(nameof(ShapeCatalog.Computing), MemberType = typeof(ShapeCatalog))]
    public void DenselyWovenShapeReturnsWhatTheUnwovenShapeReturnsWhileNoScopeIsOpen(string input, string shape)
    {
        ReturnsWhatTheUnwovenShapeReturnsWhileNoScopeIsOpen(Input(input).DenselyWoven.Assembly, Input(input).Unwoven, shape);
    }

    private static void ReturnsWhatTheUnwovenShapeReturnsWhileNoScopeIsOpen(Assembly woven, Assembly unwoven, string shape)
    {
        var runWoven = ShapeCatalog.Run(woven, shape);
        var runUnwoven = ShapeCatalog.Run(unwoven, shape);

        // Copied loops then run their original code, which only tests whether to move to the copy that ticks.
        Assert.False(Checkpoint.IsArmed, "a scope is open somewhere");
        Assert.Equal(Arguments.Select(runUnwoven), Arguments.Select(runWoven));
    }

    private static void ReturnsWhatTheUnwovenShapeReturns(Assembly woven, Assembly unwoven, string shape)
    {
        var runWoven = ShapeCatalog.Run(woven, shape);
        var runUnwoven = ShapeCatalog.Run(unwoven, shape);
        long[] expected = [], actual = [];
        var callbacks = 0;

        // The woven run has a scope open, so that its checkpoints count and call back often, from whichever thread
        // the shape continues on.
        var thrown = TestThread.Run(() =>
        {
            expected = Arguments.Select(runUnwoven).ToArray();
            using (Interrupt.Check(() => Interlocked.Increment(ref callbacks), 10))
            {
                actual = Arguments.Select(runWoven).ToArray();
            }
        });

        Assert.Null(thrown);
        Assert.Equal(expected, actual);
        Assert.True(callbacks > 0, "the woven shape never reached a checkpoint");
    }

    private WovenInput Input(string name) => new WovenInput[] { woven, fsharp, handBuilt }.Single(i => i.Name == name);
}
