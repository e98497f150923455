using System;
using System.IO;
using System.Reflection;

namespace Tests.Infrastructure;

/// <summary>The <see cref="HandBuiltIl"/> input, written next to the compiled inputs and woven once with the default
/// settings.</summary>
public sealed class HandBuiltAssembly : WovenInput
{
    public HandBuiltAssembly()
        : this(HandBuiltIl.WriteAndLoad(Path.Combine(AppContext.BaseDirectory, HandBuiltIl.AssemblyName + ".dll")))
    {
    }

    private HandBuiltAssembly(Assembly unwoven)
        : base(unwoven, Weaving.Weave(unwoven.Location))
    {
    }
}
