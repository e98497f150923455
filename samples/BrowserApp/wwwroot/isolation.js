// Why a page is not cross-origin isolated, from the headers it was served with: both samples' pages need
// SharedArrayBuffer, which the browser gives only to an isolated page. The REPL's page imports it from here.
export async function missingIsolation() {
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
