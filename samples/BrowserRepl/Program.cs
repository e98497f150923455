namespace BrowserRepl;

internal static class Program
{
    /// <summary>
    /// Nothing to do at start: the worker calls <see cref="ReplWorker"/> for each submission. The WebAssembly SDK wants an
    /// entry point.
    /// </summary>
    private static void Main()
    {
    }
}
