using System;
using System.Collections.Generic;
using System.Linq;
using Fody;
using Mono.Cecil;
using Mono.Cecil.Rocks;

namespace Interrupts.Fody
{
    /// <summary>
    /// The Fody entry point: reads the settings, then gives each method of the assembly its checkpoints.
    /// </summary>
    public sealed class ModuleWeaver : BaseModuleWeaver
    {
        /// <inheritdoc />
        public override void Execute()
        {
            var settings = WeaverSettings.Read(Config);
            if (ModuleDefinition.Assembly.Name.Name == TickReference.RuntimeAssemblyName)
            {
                WriteInfo("the runtime assembly is never woven.");
                return;
            }

            if (WovenMarker.IsPresent(ModuleDefinition))
            {
                WriteInfo($"{ModuleDefinition.Assembly.Name.Name} is already woven; left as it is.");
                return;
            }

            var tick = TickReference.Import(ModuleDefinition, AssemblyResolver);
            int methods = 0, checkpoints = 0;
            foreach (var method in MethodFinder.MethodsWithBodies(ModuleDefinition).ToList())
            {
                var inserted = Weave(method, tick, settings.Interval);
                if (inserted > 0)
                {
                    methods++;
                    checkpoints += inserted;
                }
            }

            WovenMarker.Add(ModuleDefinition);
            WriteInfo($"wove {methods} methods of {ModuleDefinition.Assembly.Name.Name}, inserting {checkpoints} checkpoints.");
        }

        /// <inheritdoc />
        public override IEnumerable<string> GetAssembliesForScanning() => Enumerable.Empty<string>();

        private static int Weave(MethodDefinition method, MethodReference tick, int interval)
        {
            try
            {
                var body = method.Body;
                var plan = CheckpointPlanner.Plan(new ControlFlow(body), interval);
                if (plan.Count == 0)
                {
                    return 0;
                }

                // Short branches cannot reach over inserted code: widen them all, insert, then shorten what still fits.
                body.SimplifyMacros();
                CheckpointInserter.Insert(method, plan, tick);
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
