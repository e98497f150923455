// The page: checks that it is cross-origin isolated, starts the worker, posts each submission with the interrupt cell,
// shows what comes back as it comes, and writes 2 into the cell when Cancel is clicked.
import { show, startIfIsolated } from '../page.js';

const $ = (id) => document.getElementById(id);
const ms = (value) => `${Math.round(value)} ms`;
const lines = (text) => text.split('\n').length - 1;

startIfIsolated(start, 'Run is disabled.');

function start() {
  // The interrupt cell, shared with the worker: 0 lets a submission run, 2 (SIGINT) stops it.
  const cell = new Int32Array(new SharedArrayBuffer(4));
  // ?weave=off loads submissions unwoven, only to measure what the checks cost: nothing can stop them then.
  const worker = new Worker(`worker.js${location.search}`, { type: 'module' });
  // The running submission's transcript entry and its output, and when Cancel was clicked.
  let entry, output, cancelledAt, runs = 0;

  const append = (kind, text) => {
    const line = document.createElement('pre');
    line.className = kind;
    line.textContent = text;
    entry.append(line);
    line.scrollIntoView({ block: 'nearest' });
    return line;
  };

  // Output comes in batches of lines, each shown as it comes. A submission that prints without end would fill the
  // page (and keep it busy laying out text): only its last MaxOutput characters are kept, whole lines only, and the
  // number of lines before them is noted. The oldest batch loses lines rather than going whole, which could leave
  // only the last few lines of a small last batch.
  const MaxOutput = 20_000;
  const print = (stream, text) => {
    output ??= append('output', '');
    output.dataset.lines = Number(output.dataset.lines ?? 0) + lines(text);
    const batch = document.createElement('span');
    batch.className = stream;
    batch.textContent = text;
    output.append(batch);
    let excess = output.textContent.length - MaxOutput;
    while (excess > 0) {
      const oldest = output.firstChild;
      const oldestText = oldest.textContent;
      const end = oldestText.indexOf('\n', excess - 1) + 1;
      if (end === 0 && oldest === output.lastChild) break; // the last batch's one line, however long, stays
      const dropped = end === 0 ? oldestText : oldestText.slice(0, end);
      if (dropped === oldestText) oldest.remove();
      else oldest.textContent = oldestText.slice(end);
      output.dataset.dropped = Number(output.dataset.dropped ?? 0) + lines(dropped);
      excess -= dropped.length;
    }
    output.scrollTop = output.scrollHeight;
  };

  const idle = () => {
    $('run').disabled = false;
    $('cancel').disabled = true;
  };

  show('loading', 'Starting .NET and Roslyn in the worker…');
  worker.onerror = (event) => {
    idle();
    show('failed', `The worker failed: ${event.message}`);
  };

  worker.onmessage = ({ data }) => {
    switch (data.kind) {
      case 'ready':
        show('ready', `Ready: .NET started in ${ms(data.loadMs)}, Roslyn and the weaver warmed up in ${ms(data.warmUpMs)}.`,
          { loadMs: Math.round(data.loadMs), warmUpMs: Math.round(data.warmUpMs) });
        idle();
        break;
      case 'output':
        print(data.stream, data.text);
        break;
      case 'end': {
        const figures = { run: runs, compileMs: Math.round(data.compileMs), weaveMs: Math.round(data.weaveMs), runMs: Math.round(data.runMs) };
        let text = `Compiled in ${ms(data.compileMs)}, woven and loaded in ${ms(data.weaveMs)}, ran ${ms(data.runMs)}`;
        if (data.state === 'interrupted' && cancelledAt !== undefined) {
          figures.latencyMs = Math.round(performance.now() - cancelledAt);
          text += `; stopped ${figures.latencyMs} ms after Cancel`;
        }
        show(data.state, `${text}.`, figures);
        idle();
        break;
      }
      default: // diagnostic, value, exception
        append(data.kind, data.text);
    }
  };

  const run = () => {
    if ($('run').disabled) return;
    runs++;
    entry = document.createElement('div');
    entry.className = 'submission';
    output = undefined;
    $('transcript').append(entry);
    append('code', $('code').value);
    // A submission starts with the cell at 0: the last Cancel left 2 in it.
    Atomics.store(cell, 0, 0);
    cancelledAt = undefined;
    worker.postMessage({
      code: $('code').value,
      deadline: Number($('deadline').value),
      budget: Number($('budget').value),
      interval: Math.max(1, Number($('interval').value)),
      cell,
    });
    $('run').disabled = true;
    $('cancel').disabled = false;
    show('running', 'Running…', { run: runs });
  };

  $('run').onclick = run;
  $('code').onkeydown = (event) => {
    if (event.key === 'Enter' && event.ctrlKey) {
      event.preventDefault();
      run();
    }
  };
  $('cancel').onclick = () => {
    cancelledAt = performance.now();
    Atomics.store(cell, 0, 2);
    $('cancel').disabled = true;
  };
}
