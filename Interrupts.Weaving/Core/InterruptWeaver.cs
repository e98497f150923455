using System;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Interrupts.Weaving.Core
{
    /// <summary>
    /// The one weaving core, called by each front door (the Fody add-in at build time, the load-time API): gives each
    /// selected method of a module its checkpoints and holds interrupts where they would do lasting harm.
    /// </summary>
    internal static class InterruptWeaver
    {
        /// <summary>
        /// Weaves <paramref name="module"/> in place. <paramref name="findRuntime"/> gives the runtime assembly whose
        /// checkpoints the woven code will call; it is asked only when there is something to weave.
        /// </summary>
        /// <exception cref="WeavingFailure">The module cannot be woven; it may be half-woven and must be dropped.</exception>
        public static WeavingSummary Weave(ModuleDefinition module, WeavingSettings settings, Func<AssemblyDefinition> findRuntime)
        {
            var assemblyName = module.Assembly.Name.Name;
            if (assemblyName == RuntimeReferences.RuntimeAssemblyName)
            {
                return new WeavingSummary(assemblyName, ModuleState.Runtime, 0, 0, new string[0]);
            }

            if (settings.HoldBound != null)
            {
                UntrustedCode.Check(module);
            }
            else if (WovenMarker.IsPresent(module))
            {
                return new WeavingSummary(assemblyName, ModuleState.AlreadyWoven, 0, 0, new string[0]);
            }

            var runtime = RuntimeReferences.Import(module, findRuntime());
            if (settings.HoldBound is { } holdBound)
            {
                UntrustedCode.BoundSuppressions(module, runtime.SuppressBounded, holdBound);
            }

            var selection = new TypeSelection(settings);
            var uninterruptible = new UninterruptibleCode(module);
            var bounded = new BoundedMethods(module);
            int methods = 0, checkpoints = 0;
            foreach (var method in MethodFinder.MethodsToWeave(module, selection).ToList())
            {
                var inserted = Weave(method, runtime, settings, bounded, uninterruptible.HoldsWholeBody(method));
                if (inserted > 0)
                {
                    methods++;
                    checkpoints += inserted;
                }
            }

            WovenMarker.Add(module);
            return new WeavingSummary(assemblyName, ModuleState.Woven, methods, checkpoints, selection.Unmatched.ToList());
        }

        private static int Weave(MethodDefinition method, RuntimeReferences runtime, WeavingSettings settings, BoundedMethods bounded, bool holdsWholeBody)
        {
            try
            {
                var body = method.Body;

                // No loop, and no call that could reach a checkpoint: nothing to plan, and nothing to hold either.
                if (bounded.Contains(method))
                {
                    return CheckNewArrays(method, runtime);
                }

                var flow = new ControlFlow(body);
                var interval = settings.Interval;
                var plan = CheckpointPlanner.Plan(flow, interval, EntryPoint.Of(method, flow));
                var loops = LoopSelector.Select(flow, body, plan, bounded);
                var catches = holdsWholeBody ? Array.Empty<ExceptionHandler>() : CatchBlockWriter.Select(method);

                // Short branches cannot reach over inserted code: widen them all, insert, then shorten what still fits.
                body.SimplifyMacros();
                var sequencePoints = new SequencePointKeeper(method);
                var checkpoints = CheckpointInserter.Insert(method, plan, loops, runtime, interval, sequencePoints);
                GenericConstructionRewriter.Rewrite(body, runtime.CreateInstance);
                NewArrayCheck.Insert(body, runtime.BeforeNewArray, sequencePoints);
                if (holdsWholeBody)
                {
                    HeldRegionWriter.HoldWholeBody(method, runtime, settings.HoldBound, bounded, sequencePoints);
                }
                else
                {
                    HeldRegionWriter.HoldHandlersAndFilters(method, runtime, settings.HoldBound, bounded, sequencePoints);
                    CatchBlockWriter.Rewrite(method, catches, runtime, sequencePoints);
                }

                sequencePoints.Apply();
                body.OptimizeMacros();
                return checkpoints;
            }
            catch (Exception exception) when (!(exception is WeavingFailure))
            {
                throw new WeavingFailure($"cannot weave {method.FullName}: {exception.Message}", method.FullName, exception);
            }
        }

        /// <summary>A method with nothing else to weave still has its large arrays checked; returns 0, as it has no checkpoint.</summary>
        private static int CheckNewArrays(MethodDefinition method, RuntimeReferences runtime)
        {
            var body = method.Body;
            if (NewArrayCheck.IsNeeded(body))
            {
                body.SimplifyMacros();
                var sequencePoints = new SequencePointKeeper(method);
                NewArrayCheck.Insert(body, runtime.BeforeNewArray, sequencePoints);
                sequencePoints.Apply();
                body.OptimizeMacros();
            }

            return 0;
        }
    }
}
