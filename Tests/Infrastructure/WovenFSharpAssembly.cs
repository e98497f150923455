using AssemblyToProcess.FSharp;

namespace Tests.Infrastructure;

/// <summary>AssemblyToProcess.FSharp woven once with the default settings: the shapes only the F# compiler emits.</summary>
public sealed class WovenFSharpAssembly() : WovenInput(typeof(Shape).Assembly, Weaving.Weave(typeof(Shape).Assembly.Location));
