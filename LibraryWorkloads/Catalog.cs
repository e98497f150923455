using System;
using System.Collections.Generic;

namespace LibraryWorkloads;

/// <summary>The typed form of the JSON documents that <see cref="Documents.Json"/> generates.</summary>
public sealed class Catalog
{
    public string Name { get; set; } = "";

    public DateTimeOffset Generated { get; set; }

    public Dictionary<string, decimal> ExchangeRates { get; set; } = [];

    public List<Product> Products { get; set; } = [];
}

public sealed class Product
{
    public long Id { get; set; }

    public Guid Sku { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public Category Category { get; set; }

    public decimal Price { get; set; }

    public double Weight { get; set; }

    public bool InStock { get; set; }

    public DateTimeOffset? Discontinued { get; set; }

    public List<string> Tags { get; set; } = [];

    public Dimensions? Size { get; set; }

    public Dictionary<string, string> Attributes { get; set; } = [];

    public List<Review> Reviews { get; set; } = [];

    public int[][] Matrix { get; set; } = [];
}

public enum Category
{
    Books,
    Garden,
    Kitchen,
    Music,
    Tools,
    Toys,
}

public sealed class Dimensions
{
    public double Width { get; set; }

    public double Height { get; set; }

    public double Depth { get; set; }
}

public sealed class Review
{
    public string Author { get; set; } = "";

    public int Stars { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public Review? Reply { get; set; }
}

/// <summary>
/// Tables keyed by what Json.NET converts a property name into (dates, enum names, numbers), in a <c>try</c> whose
/// <c>catch</c> wraps every exception in a <c>JsonSerializationException</c>.
/// </summary>
public sealed class KeyedTables
{
    public Dictionary<DateTime, decimal> Daily { get; set; } = [];

    public Dictionary<Category, int> Stock { get; set; } = [];

    public Dictionary<int, string> Names { get; set; } = [];
}
