using System;
using System.Threading;
using Interrupts;

namespace Tests.Infrastructure;

/// <summary>
/// Runs code that only ends when interrupted on a thread of its own, so that a weaving bug fails the test
/// instead of hanging the run.
/// </summary>
public static class TestThread
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="action"/> to its end and returns what it threw, or null.</summary>
    public static Exception? Run(Action action, int maxStackSize = 0)
    {
        Exception? thrown = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    action();
                }
                catch (Exception exception)
                {
                    thrown = exception;
                }
            },
            maxStackSize) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(Patience), $"The woven code was not stopped within {Patience.TotalSeconds} s.");
        return thrown;
    }

    /// <summary>
    /// Runs <paramref name="endless"/> to its end in a scope whose callback throws <paramref name="stop"/> each time
    /// it runs, and returns what came out, or null.
    /// </summary>
    public static Exception? RunInterrupted(Action endless, Exception stop, long interval, int maxStackSize = 0) =>
        Run(
            () =>
            {
                using (Interrupt.Check(() => throw stop, interval))
                {
                    endless();
                }
            },
            maxStackSize);
}
