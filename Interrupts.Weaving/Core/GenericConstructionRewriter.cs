using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Makes <c>new T()</c> call <c>Checkpoint.CreateInstance&lt;T&gt;()</c> instead of
    /// <c>Activator.CreateInstance&lt;T&gt;()</c>, which the compiler emits for it and which wraps any exception of the
    /// constructor, an interrupt included, in a TargetInvocationException that callers do not expect.
    /// </summary>
    internal static class GenericConstructionRewriter
    {
        public static void Rewrite(MethodBody body, MethodReference createInstance)
        {
            foreach (var instruction in body.Instructions)
            {
                if (instruction.OpCode.Code == Code.Call
                    && instruction.Operand is GenericInstanceMethod { ElementMethod: { Name: "CreateInstance", DeclaringType.FullName: "System.Activator", Parameters.Count: 0 } } call)
                {
                    var redirected = new GenericInstanceMethod(createInstance);
                    redirected.GenericArguments.Add(call.GenericArguments[0]);
                    instruction.Operand = redirected;
                }
            }
        }
    }
}
