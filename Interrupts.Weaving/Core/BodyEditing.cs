using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Interrupts.Weaving.Core
{
    /// <summary>The small edits of a method body that the writers of held regions and catch blocks share.</summary>
    internal static class BodyEditing
    {
        /// <summary>Adds a local of <paramref name="type"/> to <paramref name="body"/>.</summary>
        public static VariableDefinition AddVariable(this MethodBody body, TypeReference type)
        {
            var variable = new VariableDefinition(type);
            body.Variables.Add(variable);
            return variable;
        }

        /// <summary>The indexes of <paramref name="first"/> and of <paramref name="end"/> (null: the end of the body).</summary>
        public static (int Start, int End) Range(this MethodBody body, Instruction first, Instruction? end) =>
            (body.Instructions.IndexOf(first), end is null ? body.Instructions.Count : body.Instructions.IndexOf(end));

        /// <summary>
        /// Inserts <paramref name="code"/> in front of <paramref name="before"/> (null: at the end of the body). Branches
        /// still reach <paramref name="before"/> itself, and no region changes its bounds.
        /// </summary>
        public static void InsertBefore(this MethodBody body, Instruction? before, Instruction[] code)
        {
            var index = before is null ? body.Instructions.Count : body.Instructions.IndexOf(before);
            for (var i = 0; i < code.Length; i++)
            {
                body.Instructions.Insert(index + i, code[i]);
            }
        }

        /// <summary>
        /// The regions of <paramref name="clauses"/> that ended at <paramref name="end"/> (null: at the end of the body)
        /// end at <paramref name="code"/> instead.
        /// </summary>
        public static void EndRegionsAt(IEnumerable<ExceptionHandler> clauses, Instruction? end, Instruction code)
        {
            foreach (var clause in clauses)
            {
                if (clause.TryEnd == end)
                {
                    clause.TryEnd = code;
                }

                if (clause.HandlerEnd == end)
                {
                    clause.HandlerEnd = code;
                }
            }
        }
    }
}
