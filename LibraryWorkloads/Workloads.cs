using System.IO;
using Markdig;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;

namespace LibraryWorkloads;

/// <summary>
/// Work done by real libraries, as an application would ask for it. Each call starts from scratch (settings,
/// serializer, pipeline), so that all the library code it needs runs on every call.
/// </summary>
public static class Workloads
{
    /// <summary>
    /// Reads <paramref name="json"/> (a <see cref="Catalog"/>) into typed objects and writes them back indented, then
    /// reads that into a <see cref="JToken"/> tree and writes the tree indented.
    /// </summary>
    public static string JsonRoundTrip(string json)
    {
        var serializer = JsonSerializer.Create(new JsonSerializerSettings
        {
            Converters = { new StringEnumConverter() },
            DateParseHandling = DateParseHandling.DateTimeOffset,
            Formatting = Formatting.Indented,
            MissingMemberHandling = MissingMemberHandling.Error,
        });
        var catalog = Read<Catalog>(serializer, json);
        var tree = Read<JToken>(serializer, Write(serializer, catalog));
        return tree.ToString(Formatting.Indented);
    }

    /// <summary>
    /// Reads <paramref name="json"/> (a <see cref="KeyedTables"/>), whose property names Json.NET converts into
    /// dictionary keys, and writes it back indented.
    /// </summary>
    public static string JsonKeyedTables(string json)
    {
        var serializer = JsonSerializer.Create(new JsonSerializerSettings { Formatting = Formatting.Indented });
        return Write(serializer, Read<KeyedTables>(serializer, json));
    }

    /// <summary>Renders <paramref name="markdown"/> as HTML with Markdig's advanced extensions.</summary>
    public static string MarkdownToHtml(string markdown)
    {
        var pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
        return Markdown.ToHtml(markdown, pipeline);
    }

    private static T Read<T>(JsonSerializer serializer, string json)
    {
        // Json.NET's own name table seeds its hash with Environment.TickCount, so its lookups loop a different number
        // of times in each process, and a run would pass a different number of checkpoints; with a table of its own the
        // reader allocates every property name instead, and a run is charged the same everywhere.
        using var reader = new JsonTextReader(new StringReader(json)) { PropertyNameTable = new NoNameTable() };
        return serializer.Deserialize<T>(reader) ?? throw new JsonSerializationException("The document is the JSON null.");
    }

    private static string Write(JsonSerializer serializer, object value)
    {
        using var writer = new StringWriter();
        serializer.Serialize(writer, value);
        return writer.ToString();
    }

    /// <summary>A name table that knows no name.</summary>
    private sealed class NoNameTable : JsonNameTable
    {
        public override string? Get(char[] key, int start, int length) => null;
    }
}
