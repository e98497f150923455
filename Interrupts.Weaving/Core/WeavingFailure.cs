using System;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// The core cannot weave a module. Each front door turns it into its own error (a build error naming the method,
    /// an exception naming the file and the method), so the message says only what went wrong.
    /// </summary>
    internal sealed class WeavingFailure : Exception
    {
        public WeavingFailure(string message, string? method = null, Exception? inner = null)
            : base(message, inner)
        {
            Method = method;
        }

        /// <summary>The full name of the method that could not be woven, when one is to blame.</summary>
        public string? Method { get; }
    }
}
