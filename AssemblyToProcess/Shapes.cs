using System;
using System.Collections.Generic;

namespace AssemblyToProcess
{
    /// <summary>Virtual, generic and struct methods with loops, so that verification covers methods PrepareMethod
    /// alone would skip.</summary>
    public abstract class Shape
    {
        public abstract double Area();

        public virtual double TotalArea(IEnumerable<Shape> shapes)
        {
            double total = 0;
            foreach (var shape in shapes)
            {
                total += shape.Area();
            }

            return total;
        }
    }

    public sealed class Square : Shape
    {
        private readonly double _side;

        public Square(double side) => _side = side;

        public override double Area()
        {
            double area = 0;
            for (var i = 0; i < 4; i++)
            {
                area += _side * _side / 4;
            }

            return area;
        }
    }

    public struct Accumulator<T>
        where T : IComparable<T>
    {
        public T Max { get; private set; }

        public void AddAll(IReadOnlyList<T> items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (i == 0 || items[i].CompareTo(Max) > 0)
                {
                    Max = items[i];
                }
            }
        }

        public static int CountWhere<TItem>(IEnumerable<TItem> items, Func<TItem, bool> predicate)
        {
            var count = 0;
            foreach (var item in items)
            {
                if (predicate(item))
                {
                    count++;
                }
            }

            return count;
        }
    }
}
