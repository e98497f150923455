// The page: checks that it is cross-origin isolated, starts the worker, posts each job with the interrupt cell, and
// writes 2 into the cell when Cancel is clicked.
import { show, startIfIsolated } from './page.js';

const $ = (id) => document.getElementById(id);
const number = (n) => n.toLocaleString('en-US');

function log(text) {
  const line = document.createElement('li');
  line.textContent = text;
  $('log').append(line);
}

startIfIsolated(run, 'Start and Cancel are disabled.');

function run() {
  // The interrupt cell, shared with the worker: 0 lets a job run, 2 (SIGINT) stops it.
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker('worker.js', { type: 'module' });
  let limit, startedAt, cancelledAt, ticker; // of the running job

  const seconds = () => ((performance.now() - startedAt) / 1000).toFixed(2);
  const idle = () => {
    clearInterval(ticker);
    $('start').disabled = false;
    $('cancel').disabled = true;
  };

  show('loading', 'Starting .NET in the worker…');
  // .NET failed to start, or a job threw something other than KeyboardInterruptException (an interval below 1, say).
  worker.onerror = (event) => {
    idle();
    show('failed', `The worker failed: ${event.message}`);
  };

  worker.onmessage = ({ data }) => {
    switch (data.kind) {
      case 'ready':
        show('ready', 'Ready.');
        break;
      case 'done':
        log(`Job ${data.job}: ${number(data.found)} primes below ${number(limit)}, in ${seconds()} s; ` +
          `the woven code read the interrupt cell ${number(data.reads)} times.`);
        show('done', `Job ${data.job} done: ${number(data.found)} primes.`, { job: data.job, found: data.found });
        break;
      case 'KeyboardInterrupt': {
        const latency = Math.round(performance.now() - cancelledAt);
        log(`Job ${data.job}: KeyboardInterrupt at ${number(data.checked)} (${number(data.found)} primes found), ` +
          `${latency} ms after Cancel, ${seconds()} s after Start; the woven code read the interrupt cell ` +
          `${number(data.reads)} times.`);
        show('interrupted', `Job ${data.job}: KeyboardInterrupt, ${latency} ms after Cancel. The worker is ready ` +
          'for the next job.', { job: data.job, checked: data.checked, latencyMs: latency });
        break;
      }
    }
    idle();
  };

  $('start').onclick = () => {
    // A job starts with the cell at 0: the last Cancel left 2 in it.
    Atomics.store(cell, 0, 0);
    limit = Number($('limit').value);
    worker.postMessage({ limit, interval: Number($('interval').value), cell });
    startedAt = performance.now();
    $('start').disabled = true;
    $('cancel').disabled = false;
    // The page stays responsive while the worker computes: the clock keeps going.
    const tick = () => show('running', `Counting the primes below ${number(limit)}… ${seconds()} s`);
    tick();
    ticker = setInterval(tick, 100);
  };

  $('cancel').onclick = () => {
    cancelledAt = performance.now();
    Atomics.store(cell, 0, 2);
    $('cancel').disabled = true;
  };
}
