// The Web Worker that runs .NET. It starts the runtime once, then runs each job the page posts, one at a time. A job
// runs synchronously: until it returns, this worker handles no message, which is why the page stops it through shared
// memory rather than with a message.
import { dotnet } from './_framework/dotnet.js';

let cell; // the running job's interrupt cell: an Int32Array on the page's SharedArrayBuffer
let jobs = 0; // the jobs this worker has run: the page shows that one worker runs them all

const { setModuleImports, getAssemblyExports, getConfig } = await dotnet.create();

// What PrimeJob imports with [JSImport(name, "worker")].
setModuleImports('worker', {
  // Atomics, not cell[0]: the page writes the cell from another thread.
  readInterruptCell: () => Atomics.load(cell, 0),
  reportDone: (found, reads) => postMessage({ kind: 'done', job: jobs, found, reads }),
  reportInterrupted: (checked, found, reads) =>
    postMessage({ kind: 'KeyboardInterrupt', job: jobs, checked, found, reads }),
});

const { PrimeJob } = (await getAssemblyExports(getConfig().mainAssemblyName)).BrowserApp;

onmessage = ({ data }) => {
  cell = data.cell;
  jobs++;
  PrimeJob.CountPrimes(data.limit, data.interval);
};

postMessage({ kind: 'ready' });
