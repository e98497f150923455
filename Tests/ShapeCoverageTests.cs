using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Tests.Infrastructure;

namespace Tests;

/// <summary>
/// The unwoven inputs really hold the rarer IL their shapes are there for, so that a compiler change (or an edit of a
/// shape) cannot silently leave a shape untested. A prefix is listed with the instruction it applies to.
/// </summary>
public sealed class ShapeCoverageTests
{
    private const string CSharp = "AssemblyToProcess";
    private const string FSharp = "AssemblyToProcess.FSharp";
    private const string CSharpShapes = "AssemblyToProcess.CompilerShapes.";
    private const string FSharpShapes = "AssemblyToProcess.FSharp.";

    [Theory]
    [InlineData(CSharp, CSharpShapes + "JumpTableSwitch", "switch")]
    [InlineData(CSharp, CSharpShapes + "CatchWhenFilter", "endfilter")]
    [InlineData(CSharp, CSharpShapes + "IteratorWithFinally", "fault handler")]
    [InlineData(CSharp, CSharpShapes + "StackAlloc", "localloc")]
    [InlineData(CSharp, CSharpShapes + "FixedPointer", "pinned local")]
    [InlineData(CSharp, CSharpShapes + "FunctionPointer", "calli")]
    [InlineData(CSharp, CSharpShapes + "ConstrainedCall", "constrained. callvirt")]
    [InlineData(CSharp, CSharpShapes + "GenericMath", "constrained. call")]
    [InlineData(CSharp, CSharpShapes + "VolatileField", "volatile. ldsfld")]
    [InlineData(CSharp, CSharpShapes + "VolatileField", "volatile. stfld")]
    [InlineData(CSharp, CSharpShapes + "ReadonlyElementAddress", "readonly. ldelema")]
    [InlineData(CSharp, CSharpShapes + "CheckedArithmetic", "add.ovf")]
    [InlineData(CSharp, CSharpShapes + "CheckedArithmetic", "mul.ovf")]
    [InlineData(CSharp, CSharpShapes + "VirtualMethodDelegate", "ldvirtftn")]
    [InlineData(CSharp, CSharpShapes + "Closure", "ldftn")]
    [InlineData(FSharp, FSharpShapes + "MutualTailRecursion", "tail. call")]
    [InlineData(FSharp, FSharpShapes + "TailCallThroughClosure", "tail. callvirt")]
    [InlineData(FSharp, FSharpShapes + "PatternMatching", "switch")]
    [InlineData(FSharp, FSharpShapes + "ExceptionHandling", "endfilter")]
    [InlineData(HandBuiltIl.AssemblyName, "HandBuiltIl.UnalignedAccess", "unaligned. stind.i8")]
    [InlineData(HandBuiltIl.AssemblyName, "HandBuiltIl.UnalignedAccess", "unaligned. volatile.")]
    [InlineData(HandBuiltIl.AssemblyName, "HandBuiltIl.UnalignedAccess", "volatile. ldind.i8")]
    public void UnwovenShapeHoldsTheIlItIsThereFor(string input, string shape, string feature)
    {
        Assert.Contains(feature, Features(input, shape));
    }

    [Fact]
    public void SparseSwitchIsAnIfChainWithoutAJumpTable()
    {
        Assert.DoesNotContain("switch", Features(CSharp, CSharpShapes + "IfChainSwitch"));
    }

    [Fact]
    public void SelfTailRecursionIsALoopWithoutTailCalls()
    {
        Assert.DoesNotContain("tail.", Features(FSharp, FSharpShapes + "SelfTailRecursion"));
    }

    /// <summary>The opcodes (a prefix also with its instruction), handler kinds and pinned locals of the shape's
    /// methods, its nested types' (closures, state machines) included.</summary>
    private static HashSet<string> Features(string input, string shape)
    {
        using var assembly = ShapeCatalog.ReadUnwoven(input);
        var type = assembly.MainModule.GetType(shape);
        Assert.NotNull(type);
        return WithNested(type).SelectMany(t => t.Methods).Where(m => m.HasBody).SelectMany(Features).ToHashSet();
    }

    private static IEnumerable<string> Features(MethodDefinition method)
    {
        foreach (var instruction in method.Body.Instructions)
        {
            yield return instruction.OpCode.Name;
            if (instruction.OpCode.OpCodeType == OpCodeType.Prefix && instruction.Next != null)
            {
                yield return $"{instruction.OpCode.Name} {instruction.Next.OpCode.Name}";
            }
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            yield return $"{handler.HandlerType.ToString().ToLowerInvariant()} handler";
        }

        if (method.Body.Variables.Any(v => v.IsPinned))
        {
            yield return "pinned local";
        }
    }

    private static IEnumerable<TypeDefinition> WithNested(TypeDefinition type) => type.NestedTypes.SelectMany(WithNested).Prepend(type);
}
