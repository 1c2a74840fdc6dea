// Generic HTTP fixture service.
//   PORT           port to listen on (required unless LISTEN_PORT is set)
//   LISTEN_PORT    listen here instead of PORT (simulates a port mismatch, incident 003)
//   BOOT_MS        wait this long before listening (default 0)
//   HEALTH_STATUS  status code of GET /health (default 200)
//   HEALTH_FILE    if set, GET /health answers the number in this file (re-read per request;
//                  missing file → HEALTH_STATUS), so a test can flip health at runtime
//   NAME           name used in log lines and responses (default "http")
//   VERSION        returned by GET /version (default: this process's start time)
// Routes: /health, /version, /pid, anything else → 200 "<name> ok".
// Logs "listening on <port>". SIGTERM/SIGINT → close and exit 0.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const name = process.env.NAME || 'http';
const port = Number(process.env.LISTEN_PORT || process.env.PORT);
if (!port) {
  console.error(`${name}: PORT is not set`);
  process.exit(1);
}
const bootMs = Number(process.env.BOOT_MS || 0);
const version = process.env.VERSION || new Date().toISOString();

function healthStatus() {
  if (process.env.HEALTH_FILE) {
    try {
      const n = Number(readFileSync(process.env.HEALTH_FILE, 'utf8').trim());
      if (n >= 100 && n <= 599) return n;
    } catch {
      // missing file: fall through
    }
  }
  return Number(process.env.HEALTH_STATUS || 200);
}

const server = http.createServer((req, res) => {
  let status = 200;
  let body = `${name} ok\n`;
  if (req.url === '/health') {
    status = healthStatus();
    body = status < 400 ? 'healthy\n' : `unhealthy (${status})\n`;
  } else if (req.url === '/version') body = `${version}\n`;
  else if (req.url === '/pid') body = `${process.pid}\n`;
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
});

function stop(signal) {
  console.log(`${name}: received ${signal}, exiting`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 500).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

console.log(`${name}: starting (pid ${process.pid}), listening in ${bootMs} ms`);
setTimeout(() => {
  server.on('error', (err) => {
    console.error(`${name}: Error: listen ${err.code} 127.0.0.1:${port}`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
}, bootMs);
