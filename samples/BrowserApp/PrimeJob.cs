using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using Interrupts;

[assembly: SupportedOSPlatform("browser")]

namespace BrowserApp;

/// <summary>
/// The job the worker runs: counts primes in woven code, inside a scope whose callback reads the page's interrupt cell
/// (a SharedArrayBuffer) and stops the code with <see cref="KeyboardInterruptException"/> once the page has written
/// into it, as pyodide_interrupts' <c>check_for_interrupt</c> does for Python.
/// </summary>
internal static partial class PrimeJob
{
    /// <summary>
    /// Counts the primes below <paramref name="limit"/>, reading the interrupt cell every <paramref name="interval"/>
    /// IL instructions, and reports to the worker how it ended.
    /// </summary>
    [JSExport]
    internal static void CountPrimes(int limit, [JSMarshalAs<JSType.Number>] long interval)
    {
        var primes = new PrimeCounter();
        long reads = 0;
        try
        {
            // KeyboardInterruptException is a cancellation, so the first one the callback throws stops the scope: it is
            // thrown again at every checkpoint and at the end of every catch block of the count, until the scope ends.
            using (Interrupt.Check(
                () =>
                {
                    reads++;
                    if (ReadInterruptCell() != 0)
                    {
                        throw new KeyboardInterruptException();
                    }
                },
                interval))
            {
                primes.CountBelow(limit);
            }

            ReportDone(primes.Found, reads);
        }
        catch (KeyboardInterruptException)
        {
            ReportInterrupted(primes.Checked, primes.Found, reads);
        }
    }

    [JSImport("readInterruptCell", "worker")]
    private static partial int ReadInterruptCell();

    [JSImport("reportDone", "worker")]
    private static partial void ReportDone(int found, [JSMarshalAs<JSType.Number>] long reads);

    [JSImport("reportInterrupted", "worker")]
    private static partial void ReportInterrupted(int @checked, int found, [JSMarshalAs<JSType.Number>] long reads);
}
