using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Mono.Cecil;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// Applies the Include and Exclude type patterns. A nested type goes with the type around it, so the lambdas,
    /// iterators and async state machines the compiler nests in a type are woven exactly when the type is.
    /// </summary>
    internal sealed class TypeSelection
    {
        private readonly List<Pattern> _include;
        private readonly List<Pattern> _exclude;

        public TypeSelection(WeavingSettings settings)
        {
            _include = settings.Include.Select(p => new Pattern(p)).ToList();
            _exclude = settings.Exclude.Select(p => new Pattern(p)).ToList();
        }

        /// <summary>The patterns that selected no type so far: most likely misspelt.</summary>
        public IEnumerable<string> Unmatched => _include.Concat(_exclude).Where(p => !p.Matched).Select(p => p.Text);

        public bool Selects(TypeDefinition type)
        {
            var names = type.SelfAndEnclosingTypes().Select(t => t.FullName.Replace('/', '+')).ToList();
            var included = _include.Count == 0 || AnyMatches(_include, names);
            var excluded = AnyMatches(_exclude, names);
            return included && !excluded;
        }

        // Every pattern is tried, not just up to the first match, so that Unmatched is true of each one.
        private static bool AnyMatches(List<Pattern> patterns, List<string> names) =>
            patterns.Aggregate(false, (any, pattern) => pattern.MatchesAny(names) | any);

        private sealed class Pattern
        {
            private readonly Regex _regex;

            public Pattern(string text)
            {
                Text = text;
                _regex = new Regex("^" + Regex.Escape(text).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);
            }

            public string Text { get; }

            public bool Matched { get; private set; }

            public bool MatchesAny(IEnumerable<string> names)
            {
                var matches = names.Any(_regex.IsMatch);
                Matched |= matches;
                return matches;
            }
        }
    }
}
