using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Closes the ways out that code a host does not trust could take from its interrupts, beyond the bound on its
    /// holds: it may not come woven already, nor use the runtime's <c>Checkpoint</c> methods itself (the front door
    /// refuses it, naming the method), and its own <c>Interrupt.Suppress()</c> calls become bounded suppressions.
    /// </summary>
    internal static class UntrustedCode
    {
        private const string SuppressName = "Suppress";

        /// <summary>Throws when <paramref name="module"/> cannot be woven as untrusted code.</summary>
        /// <exception cref="WeavingFailure">The module was woven before, or a method uses the runtime's checkpoints.</exception>
        public static void Check(ModuleDefinition module)
        {
            if (WovenMarker.IsPresent(module))
            {
                throw new WeavingFailure(
                    "it was woven before, so its holds are not bounded; untrusted code must be loaded as it was compiled");
            }

            foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions)
                {
                    // A type is a member too (of no type, unless nested): typeof(T), a cast, a box.
                    if (instruction.Operand is MemberReference { DeclaringType: { } declaringType } member
                        && IsRuntime(declaringType, RuntimeReferences.CheckpointTypeName))
                    {
                        throw new WeavingFailure(
                            $"{method.FullName} uses Checkpoint.{member.Name} of the Interrupts runtime, which untrusted code may not use itself",
                            method.FullName);
                    }

                    if (instruction.OpCode.Code is Code.Ldftn or Code.Ldvirtftn && IsSuppress(instruction.Operand))
                    {
                        throw new WeavingFailure(
                            $"{method.FullName} makes a delegate of Interrupt.Suppress, whose hold the weaver could then not bound",
                            method.FullName);
                    }
                }
            }
        }

        /// <summary>
        /// Makes each call of <c>Interrupt.Suppress()</c> in <paramref name="module"/> a call of
        /// <c>Checkpoint.SuppressBounded(<paramref name="bound"/>)</c>, in every method, woven or not.
        /// </summary>
        public static void BoundSuppressions(ModuleDefinition module, MethodReference suppressBounded, int bound)
        {
            foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
            {
                var calls = method.Body.Instructions.Where(i => i.OpCode.Code == Code.Call && IsSuppress(i.Operand)).ToList();
                if (calls.Count == 0)
                {
                    continue;
                }

                var body = method.Body;
                body.SimplifyMacros();
                foreach (var call in calls)
                {
                    // The call becomes the load of the bound in place, so that branches and sequence points that reached it still do.
                    call.OpCode = OpCodes.Ldc_I4;
                    call.Operand = bound;
                    body.GetILProcessor().InsertAfter(call, Instruction.Create(OpCodes.Call, suppressBounded));
                }

                body.OptimizeMacros();
            }
        }

        private static bool IsSuppress(object operand) =>
            operand is MethodReference { Name: SuppressName, Parameters.Count: 0 } method && IsRuntime(method.DeclaringType, RuntimeReferences.InterruptTypeName);

        private static bool IsRuntime(TypeReference type, string fullName) =>
            type.FullName == fullName && type.Scope.Name == RuntimeReferences.RuntimeAssemblyName;
    }
}
