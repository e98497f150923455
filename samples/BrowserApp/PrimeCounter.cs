namespace BrowserApp;

/// <summary>A long CPU-bound computation that never checks for cancellation: the woven code the page stops.</summary>
internal sealed class PrimeCounter
{
    /// <summary>The last number checked.</summary>
    public int Checked { get; private set; }

    /// <summary>The primes found so far.</summary>
    public int Found { get; private set; }

    /// <summary>Counts the primes below <paramref name="limit"/>, by trial division.</summary>
    public void CountBelow(int limit)
    {
        for (var n = 2; n < limit; n++)
        {
            if (IsPrime(n))
            {
                Found++;
            }

            Checked = n;
        }
    }

    private static bool IsPrime(int n)
    {
        // divisor <= n / divisor rather than divisor * divisor <= n, which overflows near int.MaxValue.
        for (var divisor = 2; divisor <= n / divisor; divisor++)
        {
            if (n % divisor == 0)
            {
                return false;
            }
        }

        return true;
    }
}
