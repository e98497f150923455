import { dotnet } from './_framework/dotnet.js';
const { getAssemblyExports, getConfig } = await dotnet.create();
const { ReplWorker } = (await getAssemblyExports(getConfig().mainAssemblyName)).BrowserRepl;
try {
  postMessage(ReplWorker.Probe('long n = 0; while (true) n++; n'));
} catch (e) { postMessage('threw ' + e); }
