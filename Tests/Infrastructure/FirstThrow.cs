using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Tests.Infrastructure;

/// <summary>
/// Records the first exception of exactly type <see cref="Type"/> thrown on the logical flow that created the recorder
/// (it follows <c>await</c>), as it is thrown: the interrupt a checkpoint threw, before any code caught it.
/// </summary>
public sealed class FirstThrow : IDisposable
{
    private static readonly AsyncLocal<FirstThrow?> s_recording = new();

    public FirstThrow(Type type)
    {
        Type = type;
        s_recording.Value = this;
        AppDomain.CurrentDomain.FirstChanceException += OnThrow;
    }

    public Type Type { get; }

    public Exception? Exception { get; private set; }

    public void Dispose() => AppDomain.CurrentDomain.FirstChanceException -= OnThrow;

    private void OnThrow(object? sender, FirstChanceExceptionEventArgs thrown)
    {
        if (Exception is null && s_recording.Value == this && thrown.Exception.GetType() == Type)
        {
            Exception = thrown.Exception;
        }
    }
}
