using System;

namespace Interrupts
{
    /// <summary>
    /// Holds interrupts while the marked code runs: Interrupts.Fody does not let a callback run inside it, or inside
    /// anything it calls, and a callback that falls due meanwhile runs at the first checkpoint after it returns.
    /// </summary>
    /// <remarks>
    /// Use it for code that must not stop halfway, such as an update of shared state that has to happen entirely or
    /// not at all. On a type it applies to every method and constructor of the type and of its nested types (which is
    /// where the compiler puts lambdas, iterators and async state machines); on an assembly, to all of its code. On an
    /// iterator or async method it applies to the compiler-generated code that runs the method's body. The instructions
    /// the code runs are still counted.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class UninterruptibleAttribute : Attribute
    {
    }
}
