using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Interrupts;
using Microsoft.CodeAnalysis.CSharp;

namespace Repl;

/// <summary>
/// Shows values and exceptions as csi does: C# literals for strings, characters and numbers, <c>null</c>, collections
/// with their type, count and items (<c>List&lt;int&gt;(3) { 1, 2, 3 }</c>), and type names as C# writes them.
/// </summary>
/// <remarks>
/// Formatting runs the user's code (<c>ToString</c>, enumerators), so the caller formats inside the interrupt scopes,
/// and an endless sequence shows only its first <see cref="MaxItems"/> items.
/// </remarks>
internal static class ValueFormatter
{
    public const int MaxItems = 100;

    // Below this depth, collections in collections show only their type, to keep the line short.
    private const int MaxDepth = 3;

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(char)] = "char",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double",
        [typeof(decimal)] = "decimal", [typeof(string)] = "string", [typeof(object)] = "object",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint", [typeof(void)] = "void",
    };

    /// <summary>The value as the REPL shows it.</summary>
    public static string Format(object? value) => Format(value, 0);

    /// <summary>
    /// The exception as the REPL reports it: its type and message, or <c>KeyboardInterrupt</c> for Ctrl+C, as Python
    /// says it.
    /// </summary>
    public static string FormatException(Exception exception) =>
        exception is KeyboardInterruptException ? "KeyboardInterrupt" : $"{TypeName(exception.GetType())}: {exception.Message}";

    /// <summary>
    /// The name C# gives <paramref name="type"/>, without namespace: <c>Dictionary&lt;string, int&gt;</c>, <c>int[]</c>,
    /// <c>int?</c>.
    /// </summary>
    public static string TypeName(Type type)
    {
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0)
        {
            name = name[..tick];
        }

        // Types declared in a submission are nested in its script class, which the user never wrote (the one with the
        // <Factory> method). The arguments of a generic outer type are listed on the nested one, so such a nested type
        // is shown alone.
        var outer = type.DeclaringType is { IsGenericType: false } declaring
            && declaring.GetMethod("<Factory>", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is null
            ? TypeName(declaring) + "."
            : "";
        return type.IsGenericType ? $"{outer}{name}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>" : outer + name;
    }

    private static string Format(object? value, int depth)
    {
        switch (value)
        {
            case null:
                return "null";
            case string text:
                return SymbolDisplay.FormatLiteral(text, quote: true);
            case char character:
                return SymbolDisplay.FormatLiteral(character, quote: true);
            case bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                return SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false)!;
            case Enum:
                return Enum.IsDefined(value.GetType(), value) ? $"{TypeName(value.GetType())}.{value}" : value.ToString()!;
            case ITuple tuple:
                return $"({string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Format(tuple[i], depth + 1)))})";
            case DictionaryEntry entry:
                return $"{{ {Format(entry.Key, depth)}, {Format(entry.Value, depth)} }}";
            case var pair when pair.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>):
                // A dictionary's items, shown as its collection initializer writes them.
                var key = type.GetProperty("Key")!.GetValue(pair);
                return $"{{ {Format(key, depth)}, {Format(type.GetProperty("Value")!.GetValue(pair), depth)} }}";
            case IEnumerable sequence:
                return Items(value, depth, (value as ICollection)?.Count, sequence.Cast<object?>().Select(item => Format(item, depth + 1)));
            default:
                var shown = value.ToString();
                // Object's own ToString says only the type's full name: say it as C# would.
                return shown is null || shown == value.GetType().ToString() ? TypeName(value.GetType()) : shown;
        }
    }

    private static string Items(object collection, int depth, int? count, IEnumerable<string> items)
    {
        var type = collection.GetType();
        var name = collection is Array array
            ? $"{TypeName(type.GetElementType()!)}[{string.Join(", ", Enumerable.Range(0, array.Rank).Select(array.GetLength))}]"
            : TypeName(type) + (count is { } n ? $"({n})" : "");
        if (depth >= MaxDepth)
        {
            return name + " { ... }";
        }

        var text = new StringBuilder(name).Append(" {");
        var shown = 0;
        foreach (var item in items)
        {
            if (shown == MaxItems)
            {
                text.Append(" ...,");
                break;
            }

            text.Append(' ').Append(item).Append(',');
            shown++;
        }

        if (shown > 0)
        {
            text.Length--;
        }

        return text.Append(" }").ToString();
    }
}
