const worker = new Worker('worker.js', { type: 'module' });
worker.onmessage = ({ data }) => { document.getElementById('out').textContent = data; };
worker.onerror = (e) => { document.getElementById('out').textContent = 'error ' + e.message; };
