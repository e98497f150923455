using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Tests.Infrastructure;

/// <summary>
/// Compiles every method of an assembly with the JIT, which rejects invalid IL (unbalanced stacks, bad branches out of
/// protected regions, wrong call arguments) with InvalidProgramException. No IL verifier runs on Linux, so this is it.
/// </summary>
/// <remarks>
/// <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle)"/> silently skips virtual methods (overrides, interface
/// implementations, the MoveNext of state machines), so the verifier first writes a copy of the assembly in which each
/// virtual method's body also lives in a private non-virtual twin, and compiles the twins.
/// </remarks>
public static class JitVerifier
{
    private const string TwinPrefix = "JitTwin_";

    private static readonly Type[] CommonTypeArguments = [typeof(object), typeof(int), typeof(string)];

    /// <summary>Compiles every method; returns how many were compiled, and one line per method the JIT rejected.</summary>
    public static (int Compiled, IReadOnlyList<string> Failures) Verify(string assemblyPath)
    {
        var copyPath = WriteCopyWithTwins(assemblyPath);
        var context = new AssemblyLoadContext("jit-verification", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(copyPath);
            var candidates = TypeArgumentCandidates(assembly);
            var failures = new List<string>();
            var compiled = 0;
            foreach (var type in assembly.GetTypes())
            {
                var closedType = Close(type, candidates);
                const BindingFlags All = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
                var methods = closedType.GetMethods(All).Cast<MethodBase>().Concat(closedType.GetConstructors(All));
                foreach (var method in methods.Where(HasIlBody))
                {
                    try
                    {
                        Prepare(closedType, method, candidates);
                        compiled++;
                    }
                    catch (Exception exception) when (exception is InvalidProgramException or MissingMemberException or TypeLoadException or BadImageFormatException)
                    {
                        failures.Add($"{type.FullName}::{method.Name.Replace(TwinPrefix, "")}: {exception.GetType().Name}: {exception.Message}");
                    }
                }
            }

            return (compiled, failures);
        }
        finally
        {
            context.Unload();
        }
    }

    private static bool HasIlBody(MethodBase method) =>
        !method.IsAbstract && (method.MethodImplementationFlags & System.Reflection.MethodImplAttributes.CodeTypeMask) == System.Reflection.MethodImplAttributes.IL
        && (method.Attributes & System.Reflection.MethodAttributes.PinvokeImpl) == 0 && !method.IsVirtual;

    /// <summary>
    /// Common types first, then the assembly's own, which are often the only ones that meet a constraint such as
    /// <c>where T : struct, IOwnInterface</c>.
    /// </summary>
    private static Type[] TypeArgumentCandidates(Assembly assembly) =>
        CommonTypeArguments.Concat(assembly.GetTypes().Where(t => !t.ContainsGenericParameters && !t.IsByRefLike && !(t.IsAbstract && t.IsSealed))).ToArray();

    private static void Prepare(Type closedType, MethodBase method, Type[] candidates)
    {
        if (!method.IsGenericMethodDefinition)
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle, closedType.GetGenericArguments().Select(t => t.TypeHandle).ToArray());
            return;
        }

        var closedMethod = Close((MethodInfo)method, candidates);
        var instantiation = closedType.GetGenericArguments().Concat(closedMethod.GetGenericArguments());
        RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation.Select(t => t.TypeHandle).ToArray());
    }

    private static Type Close(Type type, Type[] candidates) =>
        type.IsGenericTypeDefinition ? CloseOver(type.GetGenericArguments().Length, type.MakeGenericType, type, candidates) : type;

    private static MethodInfo Close(MethodInfo method, Type[] candidates) =>
        CloseOver(method.GetGenericArguments().Length, method.MakeGenericMethod, method, candidates);

    /// <summary>Closes a generic type or method over the first candidate that meets its constraints.</summary>
    private static T CloseOver<T>(int arity, Func<Type[], T> close, object generic, Type[] candidates)
    {
        foreach (var candidate in candidates)
        {
            try
            {
                return close(Enumerable.Repeat(candidate, arity).ToArray());
            }
            catch (ArgumentException)
            {
                // The candidate breaks a constraint; try the next one.
            }
        }

        throw new NotSupportedException($"No type argument among {string.Join(", ", candidates.Select(t => t.Name))} closes {generic}");
    }

    private static string WriteCopyWithTwins(string assemblyPath)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(assemblyPath)!);
        resolver.AddSearchDirectory(AppContext.BaseDirectory);
        using var module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { AssemblyResolver = resolver });
        foreach (var type in module.GetTypes().Where(t => !t.IsInterface))
        {
            foreach (var method in type.Methods.Where(m => m.IsVirtual && m.HasBody).ToList())
            {
                AddTwin(type, method);
            }
        }

        var directory = Path.Combine(Path.GetDirectoryName(assemblyPath)!, "jit-verification", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var copyPath = Path.Combine(directory, Path.GetFileName(assemblyPath));
        module.Write(copyPath);
        return copyPath;
    }

    private static void AddTwin(TypeDefinition type, MethodDefinition method)
    {
        var twin = new MethodDefinition(TwinPrefix + method.Name, Mono.Cecil.MethodAttributes.Private | Mono.Cecil.MethodAttributes.HideBySig, method.ReturnType);
        type.Methods.Add(twin);
        foreach (var genericParameter in method.GenericParameters)
        {
            var copy = new GenericParameter(genericParameter.Name, twin) { Attributes = genericParameter.Attributes };
            foreach (var constraint in genericParameter.Constraints)
            {
                copy.Constraints.Add(new GenericParameterConstraint(constraint.ConstraintType));
            }

            twin.GenericParameters.Add(copy);
        }

        var map = new Dictionary<object, object> { [method.Body.ThisParameter] = twin.Body.ThisParameter };
        foreach (var parameter in method.Parameters)
        {
            var copy = new ParameterDefinition(parameter.Name, parameter.Attributes, parameter.ParameterType);
            twin.Parameters.Add(copy);
            map[parameter] = copy;
        }

        foreach (var variable in method.Body.Variables)
        {
            var copy = new VariableDefinition(variable.VariableType);
            twin.Body.Variables.Add(copy);
            map[variable] = copy;
        }

        foreach (var instruction in method.Body.Instructions)
        {
            var copy = Instruction.Create(OpCodes.Nop);
            copy.OpCode = instruction.OpCode;
            twin.Body.Instructions.Add(copy);
            map[instruction] = copy;
        }

        foreach (var instruction in method.Body.Instructions)
        {
            var copy = (Instruction)map[instruction];
            copy.Operand = instruction.Operand switch
            {
                Instruction[] targets => targets.Select(t => (Instruction)map[t]).ToArray(),
                { } operand when map.TryGetValue(operand, out var mapped) => mapped,
                var operand => operand,
            };
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            twin.Body.ExceptionHandlers.Add(new ExceptionHandler(handler.HandlerType)
            {
                CatchType = handler.CatchType,
                TryStart = (Instruction)map[handler.TryStart],
                TryEnd = MapOrNull(handler.TryEnd),
                HandlerStart = (Instruction)map[handler.HandlerStart],
                HandlerEnd = MapOrNull(handler.HandlerEnd),
                FilterStart = MapOrNull(handler.FilterStart),
            });
        }

        twin.Body.InitLocals = method.Body.InitLocals;

        Instruction? MapOrNull(Instruction? instruction) => instruction is null ? null : (Instruction)map[instruction];
    }
}
