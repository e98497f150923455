// Why a page is not cross-origin isolated, from the headers it was served with: both samples' pages need
// SharedArrayBuffer, which the browser gives only to an isolated page. The REPL's page imports it from here. Lists the
// reasons in #problems and shows #isolation-problem, which both pages have.
export async function explainMissingIsolation() {
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
