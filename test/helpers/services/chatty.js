// Fixture service with a predictable log, for `stack logs`.
//   NAME   prefix of its lines (default "chatty")
//   LINES  prints "<NAME> line <i> of <LINES>" for i = 1..LINES at start (default 20)
//   PORT   when set, then serves HTTP on it (silently: no "listening" line, so the log
//          ends with the numbered lines): GET /health → 200, GET /say?text=<t> prints
//          <t> as a log line (so a test can make the service log something later)
// SIGTERM/SIGINT → exit 0 (silently).
import http from 'node:http';

const name = process.env.NAME || 'chatty';
const lines = Number(process.env.LINES ?? 20);
for (let i = 1; i <= lines; i++) console.log(`${name} line ${i} of ${lines}`);

const port = Number(process.env.PORT || 0);
if (port) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/say') console.log(url.searchParams.get('text') ?? '');
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
  });
  server.listen(port, '127.0.0.1');
} else {
  setInterval(() => {}, 1 << 30);
}
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
