using System.Linq;
using Mono.Cecil;

namespace Interrupts.Weaving.Core
{
    /// <summary>The runtime's methods that woven code calls, and the field it adds to, imported into the woven module.</summary>
    internal sealed class RuntimeReferences
    {
        public const string RuntimeAssemblyName = "Interrupts";
        public const string UninterruptibleAttributeName = "Interrupts.UninterruptibleAttribute";
        public const string CheckpointTypeName = "Interrupts.Checkpoint";
        public const string InterruptTypeName = "Interrupts.Interrupt";

        private RuntimeReferences(
            MethodReference tick,
            MethodReference enter,
            MethodReference enterLeasing,
            MethodReference isArmed,
            MethodReference lease,
            MethodReference renew,
            FieldReference allowance,
            MethodReference enterHeldRegion,
            MethodReference exitHeldRegion,
            MethodReference enterBoundedRegion,
            MethodReference suppressBounded,
            MethodReference beforeNewArray,
            MethodReference enterCatch,
            MethodReference isReplacedByInterrupt,
            MethodReference resumeInterrupt,
            MethodReference createInstance)
        {
            Tick = tick;
            Enter = enter;
            EnterLeasing = enterLeasing;
            IsArmed = isArmed;
            Lease = lease;
            Renew = renew;
            Allowance = allowance;
            EnterHeldRegion = enterHeldRegion;
            ExitHeldRegion = exitHeldRegion;
            EnterBoundedRegion = enterBoundedRegion;
            SuppressBounded = suppressBounded;
            BeforeNewArray = beforeNewArray;
            EnterCatch = enterCatch;
            IsReplacedByInterrupt = isReplacedByInterrupt;
            ResumeInterrupt = resumeInterrupt;
            CreateInstance = createInstance;
        }

        /// <summary><c>Checkpoint.Tick(int)</c>: the call a checkpoint makes.</summary>
        public MethodReference Tick { get; }

        /// <summary><c>Checkpoint.Enter(int)</c>: the call a checkpoint at a method's entry makes, which also probes the stack.</summary>
        public MethodReference Enter { get; }

        /// <summary>
        /// <c>Checkpoint.EnterLeasing(int, int)</c>: <see cref="Enter"/>, which also takes the lease of a loop the method
        /// starts with.
        /// </summary>
        public MethodReference EnterLeasing { get; }

        /// <summary><c>Checkpoint.IsArmed</c>'s getter: what a copied loop tests to move to its copy.</summary>
        public MethodReference IsArmed { get; }

        /// <summary><c>Checkpoint.Lease(int)</c>: what a loop's copy counts down, taken as it starts.</summary>
        public MethodReference Lease { get; }

        /// <summary><c>Checkpoint.Renew(int, int)</c>: charges what a spent lease could not pay, and leases again.</summary>
        public MethodReference Renew { get; }

        /// <summary><c>Checkpoint.Allowance</c>: what a loop's copy adds what it did not use of its lease to, as it leaves.</summary>
        public FieldReference Allowance { get; }

        /// <summary><c>Checkpoint.EnterHeldRegion()</c>: returns the token that ends the region.</summary>
        public MethodReference EnterHeldRegion { get; }

        /// <summary><c>Checkpoint.ExitHeldRegion(int)</c>.</summary>
        public MethodReference ExitHeldRegion { get; }

        /// <summary><c>Checkpoint.EnterBoundedRegion(int)</c>: what untrusted code's held regions start with.</summary>
        public MethodReference EnterBoundedRegion { get; }

        /// <summary><c>Checkpoint.SuppressBounded(int)</c>: what untrusted code's <c>Interrupt.Suppress()</c> becomes.</summary>
        public MethodReference SuppressBounded { get; }

        /// <summary><c>Checkpoint.BeforeNewArray(long, int)</c>: what an array's allocation is checked with.</summary>
        public MethodReference BeforeNewArray { get; }

        /// <summary><c>Checkpoint.EnterCatch()</c>: whether the catch block that starts may throw an interrupt on at its end.</summary>
        public MethodReference EnterCatch { get; }

        /// <summary><c>Checkpoint.IsReplacedByInterrupt(object, bool)</c>: the filter that replaces what a catch block throws.</summary>
        public MethodReference IsReplacedByInterrupt { get; }

        /// <summary><c>Checkpoint.ResumeInterrupt(bool)</c>: throws the interrupt on at the end of a catch block.</summary>
        public MethodReference ResumeInterrupt { get; }

        /// <summary><c>Checkpoint.CreateInstance&lt;T&gt;()</c>, the generic method definition.</summary>
        public MethodReference CreateInstance { get; }

        /// <summary>Imports the checkpoint methods and field of <paramref name="runtime"/> into <paramref name="module"/>.</summary>
        public static RuntimeReferences Import(ModuleDefinition module, AssemblyDefinition runtime)
        {
            var checkpoint = runtime.MainModule.GetType(CheckpointTypeName);

            MethodReference Find(string name, int parameters) =>
                module.ImportReference(
                    checkpoint?.Methods.SingleOrDefault(m => m.Name == name && m.IsStatic && m.Parameters.Count == parameters)
                    ?? throw VersionMismatch(name));

            WeavingFailure VersionMismatch(string name) =>
                new($"{runtime.MainModule.FileName} has no {CheckpointTypeName}.{name}; the runtime and the weaver come from different versions.");

            return new RuntimeReferences(
                Find("Tick", 1),
                Find("Enter", 1),
                Find("EnterLeasing", 2),
                Find("get_IsArmed", 0),
                Find("Lease", 1),
                Find("Renew", 2),
                module.ImportReference(
                    checkpoint?.Fields.SingleOrDefault(f => f.Name == "Allowance" && f.IsStatic)
                    ?? throw VersionMismatch("Allowance")),
                Find("EnterHeldRegion", 0),
                Find("ExitHeldRegion", 1),
                Find("EnterBoundedRegion", 1),
                Find("SuppressBounded", 1),
                Find("BeforeNewArray", 2),
                Find("EnterCatch", 0),
                Find("IsReplacedByInterrupt", 2),
                Find("ResumeInterrupt", 1),
                Find("CreateInstance", 0));
        }
    }
}
