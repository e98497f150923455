using System.Diagnostics;
using System.IO;
using System.Text;

namespace BrowserRepl;

/// <summary>
/// What <see cref="System.Console"/> writes to in the worker: lines go to the page while the code that prints them
/// still runs, gathered into one message per <see cref="BatchMilliseconds"/> so that a loop that prints as fast as it
/// can does not bury the page under messages.
/// </summary>
/// <param name="stream">"out" or "error", for the page to show them apart.</param>
internal sealed class PageWriter(string stream) : TextWriter
{
    /// <summary>Lines wait at most this long, as long as the code writes or reaches a checkpoint.</summary>
    private const int BatchMilliseconds = 50;

    private readonly StringBuilder _pending = new();
    private readonly Stopwatch _sinceSent = Stopwatch.StartNew();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value != '\r')
        {
            _pending.Append(value);
        }

        if (value == '\n')
        {
            SendIfDue();
        }
    }

    public override void Write(string? value)
    {
        _pending.Append(value?.Replace("\r", ""));
        if (value?.Contains('\n') == true)
        {
            SendIfDue();
        }
    }

    /// <summary>Sends what was written, once the last message is <see cref="BatchMilliseconds"/> old.</summary>
    public void SendIfDue()
    {
        // Nothing written, no clock read: the Check callback calls this for each writer, and a clock read is a call
        // out to JavaScript here.
        if (_pending.Length > 0 && _sinceSent.ElapsedMilliseconds >= BatchMilliseconds)
        {
            Flush();
        }
    }

    /// <summary>Sends what was written, a partial line included.</summary>
    public override void Flush()
    {
        if (_pending.Length > 0)
        {
            ReplWorker.ReportOutput(stream, _pending.ToString());
            _pending.Clear();
        }

        _sinceSent.Restart();
    }
}
