using System;
using System.Runtime.CompilerServices;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Tests.Infrastructure;

/// <summary>
/// A test input of IL that neither C# nor F# emits, written with Cecil: the <c>unaligned.</c> prefix, alone and
/// together with <c>volatile.</c>. It follows the shape convention of the compiled inputs (see
/// <see cref="ShapeCatalog"/>).
/// </summary>
/// <remarks>
/// Cecil rather than an .il file: it is already what the tests read and write IL with, while ilasm would be one more
/// package (a native, platform-specific one) for a few instructions.
/// </remarks>
public static class HandBuiltIl
{
    public const string AssemblyName = "HandBuiltIl";

    /// <summary>Builds the assembly in memory: one public type, <c>HandBuiltIl.UnalignedAccess</c>.</summary>
    public static AssemblyDefinition Build()
    {
        var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(AssemblyName, new Version(1, 0)), AssemblyName, ModuleKind.Dll);
        var module = assembly.MainModule;

        // Imported first, so that Cecil takes the runtime's core library as this module's, not mscorlib.
        var objectType = module.ImportReference(typeof(object));
        var type = new TypeDefinition(AssemblyName, "UnalignedAccess", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, objectType);
        module.Types.Add(type);
        type.Methods.Add(Run(module));
        type.Methods.Add(Forever(module));
        return assembly;
    }

    /// <summary>Writes the assembly to <paramref name="path"/>, with a (portable, empty) PDB beside it as the
    /// compiled inputs have, and loads it.</summary>
    public static System.Reflection.Assembly WriteAndLoad(string path)
    {
        using (var assembly = Build())
        {
            assembly.Write(path, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new PortablePdbWriterProvider() });
        }

        return System.Reflection.Assembly.LoadFile(path);
    }

    /// <summary>
    /// <c>long Run(int n)</c>: writes n overlapping 8-byte values at every offset of a byte array (unaligned.
    /// stind.i8), then sums the 8-byte values at every offset (unaligned. volatile. ldind.i8).
    /// </summary>
    private static MethodDefinition Run(ModuleDefinition module)
    {
        var method = new MethodDefinition("Run", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.Int64);
        method.Parameters.Add(new ParameterDefinition("n", ParameterAttributes.None, module.TypeSystem.Int32));
        var buffer = new VariableDefinition(new ArrayType(module.TypeSystem.Byte));
        var i = new VariableDefinition(module.TypeSystem.Int32);
        var sum = new VariableDefinition(module.TypeSystem.Int64);
        method.Body.Variables.Add(buffer);
        method.Body.Variables.Add(i);
        method.Body.Variables.Add(sum);
        method.Body.InitLocals = true;

        var il = method.Body.GetILProcessor();
        var fillCondition = il.Create(OpCodes.Ldloc, i);
        var fill = il.Create(OpCodes.Ldloc, buffer);
        var sumCondition = il.Create(OpCodes.Ldloc, i);
        var add = il.Create(OpCodes.Ldloc, sum);

        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4_8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Newarr, module.TypeSystem.Byte);
        il.Emit(OpCodes.Stloc, buffer);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Stloc, i);
        il.Emit(OpCodes.Br, fillCondition);

        il.Append(fill);
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Ldelema, module.TypeSystem.Byte);
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Ldc_I8, 0x0102030405060708L);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Unaligned, (byte)1);
        il.Emit(OpCodes.Stind_I8);
        Increment(il, i);
        il.Append(fillCondition);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Blt, fill);

        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Stloc, sum);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Stloc, i);
        il.Emit(OpCodes.Br, sumCondition);

        il.Append(add);
        il.Emit(OpCodes.Ldloc, buffer);
        il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Ldelema, module.TypeSystem.Byte);
        il.Emit(OpCodes.Unaligned, (byte)1);
        il.Emit(OpCodes.Volatile);
        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, sum);
        Increment(il, i);
        il.Append(sumCondition);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Blt, add);

        il.Emit(OpCodes.Ldloc, sum);
        il.Emit(OpCodes.Ret);
        return method;
    }

    /// <summary>
    /// <c>void Forever(StrongBox&lt;long&gt; progress)</c>: increments progress.Value through its address with
    /// unaligned. ldind.i8 and unaligned. stind.i8, and branches back right after the prefixed store.
    /// </summary>
    private static MethodDefinition Forever(ModuleDefinition module)
    {
        var method = new MethodDefinition("Forever", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.Void);
        method.Parameters.Add(new ParameterDefinition("progress", ParameterAttributes.None, module.ImportReference(typeof(StrongBox<long>))));
        var value = module.ImportReference(typeof(StrongBox<long>).GetField(nameof(StrongBox<long>.Value)));

        var il = method.Body.GetILProcessor();
        var loop = il.Create(OpCodes.Ldarg_0);
        il.Append(loop);
        il.Emit(OpCodes.Ldflda, value);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Unaligned, (byte)1);
        il.Emit(OpCodes.Ldind_I8);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Unaligned, (byte)1);
        il.Emit(OpCodes.Stind_I8);
        il.Emit(OpCodes.Br, loop);
        return method;
    }

    private static void Increment(ILProcessor il, VariableDefinition variable)
    {
        il.Emit(OpCodes.Ldloc, variable);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, variable);
    }
}
