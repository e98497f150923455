using System;
using System.Collections.Generic;
using System.Linq;
using Fody;
using Mono.Cecil;
using Mono.Cecil.Rocks;

namespace Interrupts.Fody
{
    /// <summary>
    /// The Fody entry point: reads the settings, then gives each selected method of the assembly its checkpoints and
    /// holds interrupts where they would do lasting harm.
    /// </summary>
    public sealed class ModuleWeaver : BaseModuleWeaver
    {
        /// <inheritdoc />
        public override void Execute()
        {
            var settings = WeaverSettings.Read(Config);
            var assemblyName = ModuleDefinition.Assembly.Name.Name;
            if (assemblyName == RuntimeReferences.RuntimeAssemblyName)
            {
                WriteInfo("the runtime assembly is never woven.");
                return;
            }

            if (WovenMarker.IsPresent(ModuleDefinition))
            {
                WriteInfo($"{assemblyName} is already woven; left as it is.");
                return;
            }

            var runtime = RuntimeReferences.Import(ModuleDefinition, AssemblyResolver);
            var selection = new TypeSelection(settings);
            var uninterruptible = new UninterruptibleCode(ModuleDefinition);
            var bounded = new BoundedMethods(ModuleDefinition);
            int methods = 0, checkpoints = 0;
            foreach (var method in MethodFinder.MethodsToWeave(ModuleDefinition, selection).ToList())
            {
                var inserted = Weave(method, runtime, settings.Interval, bounded, uninterruptible.HoldsWholeBody(method));
                if (inserted > 0)
                {
                    methods++;
                    checkpoints += inserted;
                }
            }

            foreach (var pattern in selection.Unmatched)
            {
                WriteWarning($"Interrupts: the type pattern '{pattern}' in FodyWeavers.xml matches no type of {assemblyName}; to select a namespace, end it with '.*'.");
            }

            WovenMarker.Add(ModuleDefinition);
            WriteInfo($"wove {methods} methods of {assemblyName}, inserting {checkpoints} checkpoints.");
        }

        /// <inheritdoc />
        public override IEnumerable<string> GetAssembliesForScanning() => Enumerable.Empty<string>();

        private static int Weave(MethodDefinition method, RuntimeReferences runtime, int interval, BoundedMethods bounded, bool holdsWholeBody)
        {
            // No loop, and no call that could reach a checkpoint: nothing to plan, and nothing to hold either.
            if (bounded.Contains(method))
            {
                return 0;
            }

            try
            {
                var body = method.Body;
                var flow = new ControlFlow(body);
                var plan = CheckpointPlanner.Plan(flow, interval);
                var loops = LoopSelector.Select(flow, body, plan, bounded);

                // Short branches cannot reach over inserted code: widen them all, insert, then shorten what still fits.
                body.SimplifyMacros();
                var sequencePoints = new SequencePointKeeper(method);
                CheckpointInserter.Insert(method, plan, loops, runtime, interval, sequencePoints);
                GenericConstructionRewriter.Rewrite(body, runtime.CreateInstance);
                if (holdsWholeBody)
                {
                    HeldRegionWriter.HoldWholeBody(method, runtime, bounded, sequencePoints);
                }
                else
                {
                    HeldRegionWriter.HoldHandlersAndFilters(method, runtime, bounded, sequencePoints);
                }

                sequencePoints.Apply();
                body.OptimizeMacros();
                return plan.Count;
            }
            catch (Exception exception) when (!(exception is WeavingException))
            {
                throw new WeavingException($"Interrupts: cannot weave {method.FullName}: {exception.Message}");
            }
        }
    }
}
