namespace BrowserApp;

internal static class Program
{
    /// <summary>
    /// Nothing to do at start: the worker calls <see cref="PrimeJob.CountPrimes"/> for each job. The WebAssembly SDK
    /// trims the published app from an entry point, so there must be one.
    /// </summary>
    private static void Main()
    {
    }
}
