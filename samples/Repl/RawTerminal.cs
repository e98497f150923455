using System;
using System.Runtime.InteropServices;

namespace Repl;

/// <summary>
/// Holds a Linux terminal in raw mode (no line buffering, no echo, no signal keys) while a line is edited.
/// </summary>
/// <remarks>
/// .NET switches the terminal to raw mode only for the duration of each <see cref="Console.ReadKey(bool)"/> and back
/// to line mode in between. A key that arrives in between is handled by the terminal in line mode: echoed where the
/// editor does not expect it, and Ctrl+D taken as end of file and lost. Keys come that fast from a paste, or from a
/// test that types. .NET restores after each read the settings it found before it, so raw settings made here hold
/// from before the prompt is written until the line is done. Elsewhere than Linux (where the layout of
/// <c>struct termios</c> differs) this does nothing and the editor works as .NET lets it.
/// </remarks>
internal sealed class RawTerminal : IDisposable
{
    private const int StandardInput = 0;
    private const int LocalFlagsOffset = 12; // c_lflag: after c_iflag, c_oflag and c_cflag, 32 bits each
    private const uint Signals = 0x1, LineMode = 0x2, Echo = 0x8, Extensions = 0x8000; // ISIG, ICANON, ECHO, IEXTEN

    private readonly byte[] _saved;

    private RawTerminal(byte[] saved) => _saved = saved;

    /// <summary>Switches the terminal to raw mode until the result is disposed; null where that cannot be done.</summary>
    public static RawTerminal? Enter()
    {
        // Larger than Linux's struct termios (60 bytes) on every architecture.
        var settings = new byte[128];
        if (!OperatingSystem.IsLinux() || tcgetattr(StandardInput, settings) != 0)
        {
            return null;
        }

        var saved = (byte[])settings.Clone();
        var flags = BitConverter.ToUInt32(settings, LocalFlagsOffset) & ~(Signals | LineMode | Echo | Extensions);
        BitConverter.TryWriteBytes(settings.AsSpan(LocalFlagsOffset), flags);
        return tcsetattr(StandardInput, 0, settings) == 0 ? new RawTerminal(saved) : null;
    }

    public void Dispose() => tcsetattr(StandardInput, 0, _saved);

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for the same two calls.
    [DllImport("libc", SetLastError = true)]
    private static extern int tcgetattr(int fd, byte[] termios);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);
#pragma warning restore SYSLIB1054
}
