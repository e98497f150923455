using System;
using System.Globalization;
using System.Text;

namespace LibraryWorkloads;

/// <summary>
/// Generates large, varied documents from a seed. The same seed gives the same document on every run and machine
/// (<see cref="Random(int)"/> with a seed is a fixed algorithm), so outputs can be compared byte for byte.
/// </summary>
/// <remarks>The generators use no library under test: a document is the same whichever copy of a library is loaded.</remarks>
public static class Documents
{
    private static readonly string[] Words =
    [
        "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod", "tempor",
        "incididunt", "labore", "magna", "aliqua", "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris",
        "nisi", "aliquip", "commodo", "consequat", "duis", "aute", "irure", "reprehenderit", "voluptate", "velit",
        "esse", "cillum", "fugiat", "nulla", "pariatur", "excepteur", "sint", "occaecat", "cupidatat", "proident",
        "sunt", "culpa", "officia", "deserunt", "mollit", "anim", "laborum", "café", "naïve", "façade", "Größe",
        "東京", "данные", "λόγος", "🙂", "x<y", "a&b", "snake_case", "C#", "2+2=4",
    ];

    private static readonly string[] Currencies = ["EUR", "USD", "GBP", "JPY", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK"];

    private static readonly string[] Categories = ["Books", "Garden", "Kitchen", "Music", "Tools", "Toys"];

    private static readonly string[] Languages = ["csharp", "python", "json", "", "sh", "text"];

    /// <summary>Most of what <see cref="Markdown"/> generates, each once, in a few lines.</summary>
    public const string MarkdownMiniature = """
        # Title {#top}

        Text with *em*, **strong**, `code`, ~~gone~~, [a link](https://example.org "title"), &copy;, $x$, a note[^1] and HTML.

        - [x] done
          1. nested

        | a | b |
        |:--|--:|
        | 1 | 2 |

        > quoted

        ```cs
        var x = 1;
        ```

        [^1]: The note.

        *[HTML]: Hyper Text Markup Language
        """;

    /// <summary>A <see cref="KeyedTables"/> in JSON.</summary>
    public const string JsonKeyedTables = """
        {
          "Daily": { "2024-02-28T00:00:00": 1.5, "2024-02-29T00:00:00": 2.25, "2024-03-01T12:30:00": -0.75 },
          "Stock": { "Books": 3, "Garden": 0, "Toys": 12 },
          "Names": { "1": "one", "22": "twenty-two", "-333": "minus three hundred and thirty-three" }
        }
        """;

    /// <summary>A <see cref="Catalog"/> in JSON, of at least <paramref name="minimumLength"/> characters.</summary>
    public static string Json(int seed, int minimumLength)
    {
        var random = new Random(seed);
        var json = new StringBuilder(minimumLength + 4096);
        json.Append("{\"Name\":").Append(JsonString(Sentence(random, 4))).Append(",\n  \"Generated\": \"2024-02-29T13:14:15.678+01:00\",");
        json.Append("\"ExchangeRates\":{");
        for (var i = 0; i < Currencies.Length; i++)
        {
            json.Append(i == 0 ? "" : ",").Append('"').Append(Currencies[i]).Append("\":").Append(Decimal(random, 100_000, 4));
        }

        json.Append("},\r\n\"Products\" : [");
        for (var id = 1L; json.Length < minimumLength; id++)
        {
            json.Append(id == 1 ? "\n" : ",\n");
            AppendProduct(json, random, id);
        }

        return json.Append("]}").ToString();
    }

    /// <summary>A Markdown document of at least <paramref name="minimumLength"/> characters, in sections that use
    /// most of CommonMark and of Markdig's advanced extensions.</summary>
    public static string Markdown(int seed, int minimumLength)
    {
        var random = new Random(seed);
        var markdown = new StringBuilder(minimumLength + 4096);
        markdown.Append("*[HTML]: Hyper Text Markup Language\n*[JSON]: JavaScript Object Notation\n\n");
        for (var section = 1; markdown.Length < minimumLength; section++)
        {
            AppendSection(markdown, random, section);
        }

        return markdown.ToString();
    }

    private static void AppendProduct(StringBuilder json, Random random, long id)
    {
        json.Append("{\"Id\":").Append(id)
            .Append(",\"Sku\":\"").Append(Guid(random)).Append('"')
            .Append(",\"Name\":").Append(JsonString(Sentence(random, random.Next(1, 5))))
            .Append(",\"Description\":").Append(random.Next(5) == 0 ? "null" : JsonString(Paragraph(random, random.Next(1, 4))))
            .Append(",\"Category\":\"").Append(Categories[random.Next(Categories.Length)]).Append('"')
            .Append(",\"Price\":").Append(Decimal(random, 10_000, 2))
            .Append(",\"Weight\":").Append(Double(random))
            .Append(",\"InStock\":").Append(random.Next(2) == 0 ? "true" : "false")
            .Append(",\"Discontinued\":").Append(random.Next(4) == 0 ? '"' + Date(random) + '"' : "null")
            .Append(",\n    \"Tags\": [");
        var tags = random.Next(6);
        for (var i = 0; i < tags; i++)
        {
            json.Append(i == 0 ? "" : ", ").Append(JsonString(Words[random.Next(Words.Length)]));
        }

        json.Append("],\"Size\":");
        if (random.Next(3) == 0)
        {
            json.Append("null");
        }
        else
        {
            json.Append("{\"Width\":").Append(Double(random)).Append(",\"Height\":").Append(Double(random)).Append(",\"Depth\":").Append(Double(random)).Append('}');
        }

        json.Append(",\"Attributes\":{");
        var attributes = random.Next(5);
        for (var i = 0; i < attributes; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(JsonString($"{Words[random.Next(Words.Length)]}{i}")).Append(':').Append(JsonString(Sentence(random, 2)));
        }

        json.Append("},\"Reviews\":[");
        var reviews = random.Next(4);
        for (var i = 0; i < reviews; i++)
        {
            json.Append(i == 0 ? "" : ",");
            AppendReview(json, random, depth: 0);
        }

        json.Append("],\"Matrix\":[");
        var rows = random.Next(4);
        for (var row = 0; row < rows; row++)
        {
            json.Append(row == 0 ? "[" : ",[");
            var columns = random.Next(1, 6);
            for (var column = 0; column < columns; column++)
            {
                json.Append(column == 0 ? "" : ",").Append(random.Next(-1_000_000, 1_000_000));
            }

            json.Append(']');
        }

        json.Append("]}");
    }

    private static void AppendReview(StringBuilder json, Random random, int depth)
    {
        json.Append("{\"Author\":").Append(JsonString(Sentence(random, 2)))
            .Append(",\"Stars\":").Append(random.Next(1, 6))
            .Append(",\"Text\":").Append(JsonString(Paragraph(random, 1)))
            .Append(",\"At\":\"").Append(Date(random)).Append('"')
            .Append(",\"Reply\":");
        if (depth < 3 && random.Next(3) == 0)
        {
            AppendReview(json, random, depth + 1);
        }
        else
        {
            json.Append("null");
        }

        json.Append('}');
    }

    private static void AppendSection(StringBuilder markdown, Random random, int section)
    {
        var level = 1 + (section % 6);
        if (section % 7 == 0)
        {
            markdown.Append(Sentence(random, 4)).Append('\n').Append(section % 2 == 0 ? "======" : "------").Append("\n\n");
        }
        else
        {
            markdown.Append('#', level).Append(' ').Append(Inline(random, 4)).Append(" {#section-").Append(section).Append("}\n\n");
        }

        var blocks = random.Next(2, 10);
        for (var block = 0; block < blocks; block++)
        {
            AppendBlock(markdown, random, section);
        }

        markdown.Append(section % 5 == 0 ? "***\n\n" : "\n");
    }

    private static void AppendBlock(StringBuilder markdown, Random random, int section)
    {
        switch (random.Next(14))
        {
            case 0:
                var bullets = random.Next(2, 6);
                for (var item = 0; item < bullets; item++)
                {
                    markdown.Append("- ").Append(Inline(random, 6)).Append('\n');
                    if (random.Next(3) == 0)
                    {
                        markdown.Append("  * ").Append(Inline(random, 4)).Append("\n    1. ").Append(Inline(random, 3)).Append('\n');
                    }
                }

                break;
            case 1:
                var numbered = random.Next(2, 7);
                for (var item = 1; item <= numbered; item++)
                {
                    markdown.Append(item).Append(". ").Append(Inline(random, 5)).Append('\n');
                }

                break;
            case 2:
                markdown.Append("```").Append(Languages[random.Next(Languages.Length)]).Append('\n');
                var lines = random.Next(2, 8);
                for (var line = 0; line < lines; line++)
                {
                    markdown.Append(' ', 4 * random.Next(3)).Append("var x").Append(line).Append(" = Call(\"").Append(Sentence(random, 2)).Append("\", <T>);\n");
                }

                markdown.Append("```\n");
                break;
            case 3:
                markdown.Append("    indented code ").Append(random.Next()).Append("\n    second line & <tag>\n");
                break;
            case 4:
                markdown.Append("> ").Append(Inline(random, 10)).Append("\n> \n> > ").Append(Inline(random, 5)).Append("\n> - quoted item\n");
                break;
            case 5:
                markdown.Append("| Name | Price | Note |\n|:-----|------:|:----:|\n");
                var rows = random.Next(2, 7);
                for (var row = 0; row < rows; row++)
                {
                    markdown.Append("| ").Append(Inline(random, 2)).Append(" | ").Append(Decimal(random, 1000, 2)).Append(" | ").Append(Inline(random, 3)).Append(" |\n");
                }

                break;
            case 6:
                markdown.Append("- [x] ").Append(Sentence(random, 3)).Append("\n- [ ] ").Append(Sentence(random, 3)).Append('\n');
                break;
            case 7:
                markdown.Append(Inline(random, 8)).Append("[^note").Append(section).Append("].\n\n[^note").Append(section).Append("]: ").Append(Inline(random, 6)).Append('\n');
                break;
            case 8:
                markdown.Append(Sentence(random, 2)).Append("\n:   ").Append(Inline(random, 6)).Append('\n');
                break;
            case 9:
                markdown.Append(":::note\n").Append(Inline(random, 12)).Append("\n:::\n");
                break;
            case 10:
                markdown.Append("$$\n\\sum_{i=0}^{").Append(random.Next(100)).Append("} x_i^2\n$$\n");
                break;
            case 11:
                markdown.Append("<div class=\"raw\">\n<p>").Append(Sentence(random, 5)).Append("</p>\n</div>\n");
                break;
            case 12:
                markdown.Append("+---------+---------+\n| Header  | Header2 |\n+=========+=========+\n| cell    | cell    |\n+---------+---------+\n");
                break;
            default:
                markdown.Append(Inline(random, 25)).Append("  \n").Append(Inline(random, 15)).Append('\n');
                break;
        }

        markdown.Append('\n');
    }

    /// <summary>A run of words with inline Markdown: emphasis, code, links, images, autolinks, entities, math.</summary>
    private static string Inline(Random random, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            var word = Words[random.Next(Words.Length)];
            text.Append(i == 0 ? "" : " ").Append(random.Next(12) switch
            {
                0 => $"**{word}**",
                1 => $"*{word}*",
                2 => $"`{word}`",
                3 => $"[{word}](https://example.org/{random.Next(1000)}?q={word} \"{word}\")",
                4 => $"~~{word}~~",
                5 => $"![{word}](img/{random.Next(100)}.png)",
                6 => "<https://example.com/a_b>",
                7 => $"&copy; {word}",
                8 => $"${random.Next(10)}+{word.Length}$",
                9 => $"==HTML== {word}",
                10 => $"_{word}_ JSON",
                _ => word,
            });
        }

        return text.ToString();
    }

    private static string Sentence(Random random, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            text.Append(i == 0 ? "" : " ").Append(Words[random.Next(Words.Length)]);
        }

        return text.ToString();
    }

    private static string Paragraph(Random random, int sentences)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            text.Append(Sentence(random, random.Next(3, 15))).Append(random.Next(6) switch
            {
                0 => "\n",
                1 => "\t\"quoted\" \\ ",
                2 => "\u0001",
                _ => ". ",
            });
        }

        return text.ToString();
    }

    /// <summary>A JSON string literal; some characters are escaped although they need not be, as other writers do.</summary>
    private static string JsonString(string value)
    {
        var literal = new StringBuilder("\"");
        foreach (var character in value)
        {
            literal.Append(character switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '/' => "\\/",
                < ' ' or > '\u07ff' => $"\\u{(int)character:x4}",
                _ => character.ToString(),
            });
        }

        return literal.Append('"').ToString();
    }

    private static string Decimal(Random random, int whole, int digits) =>
        (random.Next(whole) + Math.Round(random.NextDouble(), digits)).ToString("0." + new string('0', digits), CultureInfo.InvariantCulture);

    private static string Double(Random random) =>
        (random.Next(3) switch
        {
            0 => random.NextDouble() * 1e-6,
            1 => random.NextDouble() * 1e12,
            _ => random.NextDouble() * 100,
        }).ToString("R", CultureInfo.InvariantCulture);

    private static string Date(Random random) =>
        new DateTimeOffset(2000 + random.Next(30), random.Next(1, 13), random.Next(1, 29), random.Next(24), random.Next(60), random.Next(60), random.Next(1000), TimeSpan.FromMinutes(15 * random.Next(-48, 57)))
            .ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
