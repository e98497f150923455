using System;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Puts a call of <c>Checkpoint.BeforeNewArray</c> before each <c>newarr</c> whose length is not a small constant, so
    /// that in an allocation limit a huge array is refused before it is allocated, rather than noticed after.
    /// </summary>
    /// <remarks>
    /// The length stays on the stack for <c>newarr</c>; a copy of it, widened to 64 bits (it may be an int32 or a native
    /// int), goes to the call with the element's size as reckoned here. Works on a body whose macros are simplified.
    /// </remarks>
    internal static class NewArrayCheck
    {
        /// <summary>Arrays of a constant length smaller than this many bytes are left alone, as the runtime leaves them.</summary>
        private const long SmallArray = 85_000;

        private const int ReferenceSize = 8;

        private const int OtherStructSize = 16;

        /// <summary>Whether <paramref name="body"/> allocates an array that needs the check.</summary>
        public static bool IsNeeded(MethodBody body) => body.Instructions.Any(Needs);

        public static void Insert(MethodBody body, MethodReference beforeNewArray, SequencePointKeeper sequencePoints)
        {
            foreach (var newarr in body.Instructions.Where(Needs).ToList())
            {
                // Branches to the newarr, which C# never makes, skip the check: harmless.
                var check = new[]
                {
                    Instruction.Create(OpCodes.Dup),
                    Instruction.Create(OpCodes.Conv_I8),
                    Instruction.Create(OpCodes.Ldc_I4, ElementSize((TypeReference)newarr.Operand, 0)),
                    Instruction.Create(OpCodes.Call, beforeNewArray),
                };
                sequencePoints.RecordInsertion(check[0], newarr);
                body.InsertBefore(newarr, check);
            }
        }

        private static bool Needs(Instruction instruction) =>
            instruction.OpCode.Code == Code.Newarr
            && !(ConstantLength(instruction.Previous) is { } length && length * ElementSize((TypeReference)instruction.Operand, 0) < SmallArray);

        private static long? ConstantLength(Instruction? load) => load?.OpCode.Code switch
        {
            Code.Ldc_I4 => (int)load.Operand,
            Code.Ldc_I4_S => (sbyte)load.Operand,
            Code.Ldc_I4_0 => 0,
            Code.Ldc_I4_1 => 1,
            Code.Ldc_I4_2 => 2,
            Code.Ldc_I4_3 => 3,
            Code.Ldc_I4_4 => 4,
            Code.Ldc_I4_5 => 5,
            Code.Ldc_I4_6 => 6,
            Code.Ldc_I4_7 => 7,
            Code.Ldc_I4_8 => 8,
            _ => null,
        };

        /// <summary>About how many bytes an element of <paramref name="type"/> takes in an array: enough to tell a huge array.</summary>
        private static int ElementSize(TypeReference type, int depth)
        {
            switch (type.MetadataType)
            {
                case MetadataType.Boolean:
                case MetadataType.SByte:
                case MetadataType.Byte:
                    return 1;
                case MetadataType.Char:
                case MetadataType.Int16:
                case MetadataType.UInt16:
                    return 2;
                case MetadataType.Int32:
                case MetadataType.UInt32:
                case MetadataType.Single:
                    return 4;
                case MetadataType.Int64:
                case MetadataType.UInt64:
                case MetadataType.Double:
                case MetadataType.IntPtr:
                case MetadataType.UIntPtr:
                    return 8;
            }

            if (!type.IsValueType)
            {
                return ReferenceSize;
            }

            // A struct of this module is summed up, field by field; one of elsewhere is not resolved, only guessed.
            if (depth > 4 || !(type.GetElementType() is TypeDefinition definition))
            {
                return OtherStructSize;
            }

            if (definition.IsEnum)
            {
                return ElementSize(definition.GetEnumUnderlyingType(), depth + 1);
            }

            var fields = definition.Fields.Where(f => !f.IsStatic).Sum(f => ElementSize(f.FieldType, depth + 1));
            return Math.Max(definition.ClassSize, Math.Max(1, fields));
        }
    }
}
