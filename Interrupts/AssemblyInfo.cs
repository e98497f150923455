using System.Runtime.CompilerServices;

// The tests drive what only a console can trigger, such as a second Ctrl+C, through the internal method behind it.
[assembly: InternalsVisibleTo("Tests")]
