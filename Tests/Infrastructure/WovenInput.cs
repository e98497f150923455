using System;
using System.Reflection;
using System.Xml.Linq;
using Fody;

namespace Tests.Infrastructure;

/// <summary>A test input as compiled, and copies of it woven with the default settings and at the shortest interval,
/// all loaded.</summary>
public abstract class WovenInput
{
    private readonly Lazy<TestResult> _densely;

    protected WovenInput(Assembly unwoven, TestResult result)
    {
        Unwoven = unwoven;
        Result = result;
        _densely = new Lazy<TestResult>(() => Weaving.Weave(UnwovenPath, new XElement("Interrupts", new XAttribute("Interval", 1)), Name + ".Interval1"));
    }

    /// <summary>The input's assembly name, which the shape catalog uses to name it.</summary>
    public string Name => Unwoven.GetName().Name!;

    public Assembly Unwoven { get; }

    public string UnwovenPath => Unwoven.Location;

    public TestResult Result { get; }

    public Assembly Woven => Result.Assembly;

    /// <summary>
    /// Woven with Interval 1, so that a checkpoint stands before nearly every instruction, in the middle of
    /// expressions, next to prefixes and at every branch target; woven on first use.
    /// </summary>
    public TestResult DenselyWoven => _densely.Value;
}
