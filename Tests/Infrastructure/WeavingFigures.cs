using System.Linq;

namespace Tests.Infrastructure;

/// <summary>What weaving did to an assembly, read back from the original and woven files with Cecil.</summary>
public sealed record WeavingFigures(int Methods, int MethodsWithoutBody, int MethodsWoven, int Checkpoints, long IlBytesBefore, long IlBytesAfter)
{
    public double IlGrowthPercent => 100.0 * (IlBytesAfter - IlBytesBefore) / IlBytesBefore;

    public static WeavingFigures Measure(string originalPath, string wovenPath)
    {
        using var original = WovenIl.Read(originalPath);
        using var woven = WovenIl.Read(wovenPath);
        var wovenMethods = WovenIl.Methods(woven).ToList();
        return new WeavingFigures(
            Methods: original.GetTypes().Sum(t => t.Methods.Count),
            MethodsWithoutBody: original.GetTypes().Sum(t => t.Methods.Count(m => !m.HasBody)),
            MethodsWoven: wovenMethods.Count(m => WovenIl.CheckpointCount(m) > 0),
            Checkpoints: wovenMethods.Sum(WovenIl.CheckpointCount),
            IlBytesBefore: WovenIl.Methods(original).Sum(m => (long)m.Body.CodeSize),
            IlBytesAfter: wovenMethods.Sum(m => (long)m.Body.CodeSize));
    }

    public override string ToString() =>
        $"{Methods} methods, {MethodsWithoutBody} without a body; of the {Methods - MethodsWithoutBody} with one, {MethodsWoven} woven "
        + $"with {Checkpoints} checkpoints and {Methods - MethodsWithoutBody - MethodsWoven} left alone (no loop, and no call that could reach a checkpoint); "
        + $"IL code {IlBytesBefore:N0} -> {IlBytesAfter:N0} bytes (+{IlGrowthPercent:F1} %)";
}
