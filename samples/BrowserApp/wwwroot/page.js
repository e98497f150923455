// What both samples' pages share (the REPL's page imports it from here): the status line the tests read, and the
// check that the page is cross-origin isolated, which SharedArrayBuffer, and so Cancel, needs.
const status = document.getElementById('status');

// The tests read the state (and the figures of the last run) from data attributes of #status.
export function show(state, text, figures = {}) {
  for (const key of Object.keys(status.dataset)) delete status.dataset[key];
  Object.assign(status.dataset, { state }, figures);
  status.textContent = text;
}

// Runs start() when the page is cross-origin isolated; otherwise lists why not, from the headers it was served with,
// and shows the state 'not-isolated' with the text disabled.
export function startIfIsolated(start, disabled) {
  const isolation = document.getElementById('isolation');
  if (crossOriginIsolated) {
    isolation.textContent = 'cross-origin isolated: yes';
    start();
  } else {
    isolation.textContent = 'cross-origin isolated: no';
    explainMissingIsolation().then(() => show('not-isolated', disabled));
  }
}

// Lists the reasons in #problems and shows #isolation-problem, which both pages have.
async function explainMissingIsolation() {
  for (const problem of await missingIsolation()) {
    const item = document.createElement('li');
    item.textContent = problem;
    document.getElementById('problems').append(item);
  }
  document.getElementById('isolation-problem').hidden = false;
}

async function missingIsolation() {
  const problems = [];
  if (!isSecureContext) {
    problems.push('The page is not in a secure context: browsers isolate only pages served over HTTPS or from ' +
      'localhost (127.0.0.1).');
  }
  const headers = (await fetch(location.href, { method: 'HEAD', cache: 'no-store' })).headers;
  const required = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  for (const [name, value] of Object.entries(required)) {
    const sent = headers.get(name);
    if (sent !== value) {
      problems.push(sent === null
        ? `The server did not send the header ${name}: ${value}.`
        : `The server sent ${name}: ${sent}, not ${value}.`);
    }
  }
  if (problems.length === 0) {
    problems.push('The server sent both headers, but the browser did not isolate the page (is it in a frame?).');
  }
  return problems;
}
