using System;
using System.Threading;
using System.Threading.Tasks;

namespace Tests.Infrastructure;

/// <summary>
/// A synchronization context that records the exception an async void method throws, which would otherwise be
/// rethrown on the thread pool and end the test process.
/// </summary>
public sealed class ExceptionRecordingContext : SynchronizationContext
{
    private readonly TaskCompletionSource<Exception> _thrown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs the callback at once: an async void method posts its exception as a callback that throws it.</summary>
    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            d(state);
        }
        catch (Exception exception)
        {
            _thrown.TrySetResult(exception);
        }
    }

    /// <summary>The first exception recorded, or null when none came within <paramref name="timeout"/>.</summary>
    public Exception? WaitForException(TimeSpan timeout) => _thrown.Task.Wait(timeout) ? _thrown.Task.Result : null;
}
