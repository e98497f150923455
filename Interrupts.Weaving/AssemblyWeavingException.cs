using System;

namespace Interrupts.Weaving
{
    /// <summary>
    /// The weaver cannot handle a method of an assembly. Nothing of the assembly was written or loaded.
    /// </summary>
    public sealed class AssemblyWeavingException : Exception
    {
        /// <summary>Creates the exception with a default message.</summary>
        public AssemblyWeavingException()
            : this("The weaver cannot handle the assembly.")
        {
        }

        /// <summary>Creates the exception with <paramref name="message"/>.</summary>
        public AssemblyWeavingException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
        public AssemblyWeavingException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }

        /// <summary>Creates the exception for the assembly <paramref name="fileName"/> and the method that failed.</summary>
        public AssemblyWeavingException(string message, string fileName, string? methodName, Exception? innerException)
            : base(message, innerException)
        {
            FileName = fileName;
            MethodName = methodName;
        }

        /// <summary>The file (or, for an assembly woven from memory, the name) of the assembly.</summary>
        public string? FileName { get; }

        /// <summary>The full name of the method the weaver could not handle, when one is to blame.</summary>
        public string? MethodName { get; }
    }
}
