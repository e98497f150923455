using System;
using System.Reflection;
using AssemblyToProcess;

namespace Tests.Infrastructure;

/// <summary>AssemblyToProcess woven once with the default settings, shared by the tests that run woven code.</summary>
public sealed class WovenAssembly() : WovenInput(typeof(Loops).Assembly, Weaving.WeaveAssemblyToProcess())
{
    /// <summary>A public static method of the woven assembly, as a delegate (so exceptions come out unwrapped).</summary>
    public TDelegate Method<TDelegate>(string typeName, string methodName)
        where TDelegate : Delegate =>
        MethodOf<TDelegate>(Result.Assembly, typeName, methodName);

    /// <summary>The same method of the assembly woven at Interval 1 (<see cref="WovenInput.DenselyWoven"/>).</summary>
    public TDelegate DenselyWovenMethod<TDelegate>(string typeName, string methodName)
        where TDelegate : Delegate =>
        MethodOf<TDelegate>(DenselyWoven.Assembly, typeName, methodName);

    private static TDelegate MethodOf<TDelegate>(Assembly assembly, string typeName, string methodName)
        where TDelegate : Delegate
    {
        var type = assembly.GetType("AssemblyToProcess." + typeName, throwOnError: true)!;
        var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(type.FullName, methodName);
        return method.CreateDelegate<TDelegate>();
    }
}

/// <summary>
/// The tests that run woven code. They run alone, after the others, so that no scope opened by another test arms the
/// checkpoints they run (some need them unarmed).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WovenCollection : ICollectionFixture<WovenAssembly>, ICollectionFixture<WovenFSharpAssembly>, ICollectionFixture<HandBuiltAssembly>
{
    public const string Name = "woven test inputs";
}
