// The Web Worker that runs .NET, and in it the REPL. It starts the runtime once, then runs each submission the page
// posts. A submission runs on this worker's one thread: until it returns, the worker handles no message, which is why
// the page stops it through shared memory rather than with a message. What it prints is posted as it is printed.
import { dotnet } from './_framework/dotnet.js';

let cell; // the interrupt cell: an Int32Array on the page's SharedArrayBuffer

const started = performance.now();
const { setModuleImports, getAssemblyExports, getConfig } = await dotnet.create();

// What ReplWorker imports with [JSImport(name, "worker")].
setModuleImports('worker', {
  // Atomics, not cell[0]: the page writes the cell from another thread.
  readInterruptCell: () => Atomics.load(cell, 0),
  reportOutput: (stream, text) => postMessage({ kind: 'output', stream, text }),
  report: (kind, text) => postMessage({ kind, text }),
  reportEnd: (state, compileMs, weaveMs, runMs) => postMessage({ kind: 'end', state, compileMs, weaveMs, runMs }),
});

const { ReplWorker } = (await getAssemblyExports(getConfig().mainAssemblyName)).BrowserRepl;
const loaded = performance.now();
// ?weave=off (passed on by the page) runs submissions unwoven, only to measure what the checks cost.
ReplWorker.Start(new URL(location.href).searchParams.get('weave') !== 'off');
postMessage({ kind: 'ready', loadMs: loaded - started, warmUpMs: performance.now() - loaded });

onmessage = async ({ data }) => {
  cell = data.cell;
  await ReplWorker.Run(data.code, data.deadline, data.budget, data.interval);
};
