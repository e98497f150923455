namespace BrowserRepl;

internal static class Program
{
    /// <summary>Nothing to do at start: the worker calls <see cref="ReplWorker"/> for each submission.</summary>
    private static void Main()
    {
    }
}
