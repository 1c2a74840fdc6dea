// The demo front end: serves ./public and proxies /api/* to the api service
// (/api/items -> $API_URL/items), so the page needs no CORS.
//
// Env: PORT (required), API_URL (default http://127.0.0.1:7402).
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const log = (msg) => console.log(msg);

const port = Number(process.env.PORT);
if (!process.env.PORT || !Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`[web] PORT is missing or invalid (got ${JSON.stringify(process.env.PORT)}); set PORT=<number>`);
  process.exit(1);
}
const apiUrl = new URL(process.env.API_URL || 'http://127.0.0.1:7402');
const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function plain(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}

function proxy(req, res) {
  const target = new URL(req.url.slice('/api'.length) || '/', apiUrl);
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.setTimeout(5000, () => upstream.destroy(new Error('api did not answer within 5 s')));
  upstream.on('error', (err) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `api at ${apiUrl.origin} unavailable: ${err.code ?? err.message}` }));
  });
  req.pipe(upstream);
}

async function serveStatic(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed');
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return plain(res, 400, 'bad request');
  }
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = path.join(publicDir, path.normalize(pathname));
  if (!file.startsWith(publicDir + path.sep)) return plain(res, 403, 'forbidden');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return plain(res, 404, `not found: ${pathname}`);
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  const started = Date.now();
  res.on('finish', () => log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
  if (req.url === '/api' || req.url.startsWith('/api/')) return proxy(req, res);
  serveStatic(req, res).catch((err) => plain(res, 500, err.message));
});

let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`received ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

server.on('error', (err) => {
  console.error(`[web] cannot listen on 127.0.0.1:${port}: ${err.code ?? err.message}`);
  process.exit(1);
});
log(`booting (pid ${process.pid}), proxying /api/* to ${apiUrl.origin}`);
server.listen(port, '127.0.0.1', () => log(`listening on http://127.0.0.1:${port}`));
