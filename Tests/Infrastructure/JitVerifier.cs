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
/// virtual method's body also lives in a private non-virtual twin, and compiles the twins. Generic types and methods
/// are compiled closed over type arguments that meet their constraints, found among common types, the constraints
/// themselves and the types of the assembly.
/// </remarks>
public static class JitVerifier
{
    private const string TwinPrefix = "JitTwin_";

    /// <summary>
    /// How many type arguments that meet a parameter's own constraints are tried for it. Whole combinations are then
    /// checked by the runtime, which also checks constraints that relate parameters to one another.
    /// </summary>
    private const int CandidatesPerParameter = 8;

    /// <summary>Type arguments tried first for every generic parameter.</summary>
    private static readonly Type[] CommonTypeArguments = [typeof(object), typeof(int), typeof(string)];

    /// <summary>
    /// Compiles every method; returns how many were compiled, one line per method the JIT rejected, and one line per
    /// method that could not be compiled because no type arguments were found for its generic type or method.
    /// </summary>
    public static JitVerification Verify(string assemblyPath)
    {
        var copyPath = WriteCopyWithTwins(assemblyPath);
        var context = new AssemblyLoadContext("jit-verification", isCollectible: true);
        context.Resolving += (_, name) => LoadSibling(context, assemblyPath, name);
        try
        {
            var assembly = context.LoadFromAssemblyPath(copyPath);
            var types = assembly.GetTypes();
            var failures = new List<string>();
            var notCompiled = new List<string>();
            var compiled = 0;
            foreach (var type in types)
            {
                var closedType = Close(type, types);
                foreach (var method in MethodsWithIlBodies(closedType ?? type))
                {
                    var name = $"{type.FullName}::{method.Name.Replace(TwinPrefix, "")}";
                    try
                    {
                        if (closedType != null && Prepare(closedType, method, types))
                        {
                            compiled++;
                        }
                        else
                        {
                            notCompiled.Add($"{name}: no type arguments found that meet the constraints of {(closedType is null ? type : method)}");
                        }
                    }
                    catch (Exception exception) when (exception is InvalidProgramException or MissingMemberException or TypeLoadException or BadImageFormatException)
                    {
                        failures.Add($"{name}: {exception.GetType().Name}: {exception.Message}");
                    }
                }
            }

            return new JitVerification(compiled, failures, notCompiled);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>A dependency that lies beside the assembly (a plugin's own), for the assemblies the framework lacks.</summary>
    private static Assembly? LoadSibling(AssemblyLoadContext context, string assemblyPath, AssemblyName name)
    {
        var path = Path.Combine(Path.GetDirectoryName(assemblyPath)!, name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }

    private static IEnumerable<MethodBase> MethodsWithIlBodies(Type type)
    {
        const BindingFlags All = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        return type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)).Where(HasIlBody);
    }

    private static bool HasIlBody(MethodBase method) =>
        !method.IsAbstract && (method.MethodImplementationFlags & System.Reflection.MethodImplAttributes.CodeTypeMask) == System.Reflection.MethodImplAttributes.IL
        && (method.Attributes & System.Reflection.MethodAttributes.PinvokeImpl) == 0 && !method.IsVirtual;

    /// <summary>Compiles <paramref name="method"/>; false when it is generic and cannot be closed.</summary>
    private static bool Prepare(Type closedType, MethodBase method, IReadOnlyList<Type> types)
    {
        var instantiation = closedType.GetGenericArguments().AsEnumerable();
        if (method.IsGenericMethodDefinition)
        {
            var methodDefinition = (MethodInfo)method;
            var closedMethod = CloseOver(methodDefinition.GetGenericArguments(), methodDefinition.MakeGenericMethod, types);
            if (closedMethod is null)
            {
                return false;
            }

            instantiation = instantiation.Concat(closedMethod.GetGenericArguments());
        }

        RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation.Select(t => t.TypeHandle).ToArray());
        return true;
    }

    private static Type? Close(Type type, IReadOnlyList<Type> types) =>
        type.IsGenericTypeDefinition ? CloseOver(type.GetGenericArguments(), type.MakeGenericType, types) : type;

    /// <summary>
    /// Closes a generic type or method over the first combination of type arguments that meets its constraints, or
    /// returns null when none of those tried does.
    /// </summary>
    private static T? CloseOver<T>(Type[] parameters, Func<Type[], T> close, IReadOnlyList<Type> types)
        where T : class
    {
        var candidates = parameters.Select(p => Candidates(p, parameters, types).Take(CandidatesPerParameter).ToArray()).ToArray();
        foreach (var arguments in Combinations(candidates))
        {
            try
            {
                return close(arguments);
            }
            catch (ArgumentException)
            {
                // A constraint relating this parameter to another is broken; try the next combination.
            }
        }

        return null;
    }

    /// <summary>
    /// Type arguments for <paramref name="parameter"/>, as far as they meet its own constraints: the common ones, its
    /// constraint types (which meet themselves), those that other parameters' constraints imply, then the types of
    /// the assembly.
    /// </summary>
    private static IEnumerable<Type> Candidates(Type parameter, Type[] parameters, IReadOnlyList<Type> types)
    {
        var constraints = parameter.GetGenericParameterConstraints();
        return CommonTypeArguments.Concat(constraints).Concat(Implied(parameter, parameters, types)).Concat(types)
            .Where(t => !t.ContainsGenericParameters && !t.IsByRefLike && !t.IsPointer)
            .Distinct()
            .Where(t => MeetsOwnConstraints(t, parameter, constraints));
    }

    /// <summary>
    /// The type arguments that other parameters' constraints imply for <paramref name="parameter"/>: in
    /// <c>where T : ParserBase&lt;TState&gt;</c>, a type of the assembly deriving from <c>ParserBase&lt;BlockProcessor&gt;</c>
    /// implies TState = BlockProcessor.
    /// </summary>
    private static IEnumerable<Type> Implied(Type parameter, Type[] parameters, IReadOnlyList<Type> types) =>
        from other in parameters
        where other != parameter
        from constraint in other.GetGenericParameterConstraints()
        where constraint.IsGenericType
        let position = Array.IndexOf(constraint.GetGenericArguments(), parameter)
        where position >= 0
        from type in types
        from ancestor in Ancestors(type)
        where ancestor.IsGenericType && ancestor.GetGenericTypeDefinition() == constraint.GetGenericTypeDefinition()
        select ancestor.GetGenericArguments()[position];

    private static IEnumerable<Type> Ancestors(Type type)
    {
        for (var ancestor = type; ancestor != null; ancestor = ancestor.BaseType)
        {
            yield return ancestor;
        }

        foreach (var implemented in type.GetInterfaces())
        {
            yield return implemented;
        }
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> meets the constraints of <paramref name="parameter"/>; of a constraint that
    /// names parameters (<c>where T : TextRendererBase&lt;T&gt;</c>) only that the candidate derives from or
    /// implements some instance of its generic type.
    /// </summary>
    private static bool MeetsOwnConstraints(Type candidate, Type parameter, Type[] constraints)
    {
        var attributes = parameter.GenericParameterAttributes;
        if (attributes.HasFlag(System.Reflection.GenericParameterAttributes.ReferenceTypeConstraint) && candidate.IsValueType)
        {
            return false;
        }

        if (attributes.HasFlag(System.Reflection.GenericParameterAttributes.NotNullableValueTypeConstraint) && (!candidate.IsValueType || Nullable.GetUnderlyingType(candidate) != null))
        {
            return false;
        }

        if (attributes.HasFlag(System.Reflection.GenericParameterAttributes.DefaultConstructorConstraint) && !candidate.IsValueType
            && (candidate.IsAbstract || candidate.GetConstructor(Type.EmptyTypes) is null))
        {
            return false;
        }

        return constraints.All(constraint => constraint switch
        {
            { IsGenericParameter: true } => true,
            { ContainsGenericParameters: true, IsGenericType: true } =>
                Ancestors(candidate).Any(a => a.IsGenericType && a.GetGenericTypeDefinition() == constraint.GetGenericTypeDefinition()),
            { ContainsGenericParameters: true } => true,
            _ => constraint.IsAssignableFrom(candidate),
        });
    }

    private static IEnumerable<Type[]> Combinations(Type[][] candidates, int index = 0)
    {
        if (index == candidates.Length)
        {
            yield return new Type[candidates.Length];
            yield break;
        }

        foreach (var candidate in candidates[index])
        {
            foreach (var combination in Combinations(candidates, index + 1))
            {
                combination[index] = candidate;
                yield return combination;
            }
        }
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

/// <summary>What <see cref="JitVerifier.Verify"/> found.</summary>
/// <param name="Compiled">The methods the JIT compiled.</param>
/// <param name="Failures">One line per method the JIT rejected.</param>
/// <param name="NotCompiled">One line per method not compiled because no type arguments meeting its constraints were found.</param>
public sealed record JitVerification(int Compiled, IReadOnlyList<string> Failures, IReadOnlyList<string> NotCompiled);
