// The demo HTTP API. It keeps its items in the db service (examples/db).
//
//   GET  /health  -> 200 {"status":"ok"} when the db answers PING with PONG,
//                    503 {"status":"unavailable","reason":...} otherwise
//   GET  /items   -> 200 [{"id":"1","name":"..."}, ...]
//   POST /items   -> 201 {"id":..,"name":..}   body: {"name":"..."} (JSON)
//
// Env: PORT (required), DB_ADDR (host:port of the db, default 127.0.0.1:7401).
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const log = (msg) => console.log(msg);

const port = Number(process.env.PORT);
if (!process.env.PORT || !Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`[api] PORT is missing or invalid (got ${JSON.stringify(process.env.PORT)}); set PORT=<number>`);
  process.exit(1);
}
const dbAddr = process.env.DB_ADDR || '127.0.0.1:7401';
const sep = dbAddr.lastIndexOf(':');
const dbHost = sep > 0 ? dbAddr.slice(0, sep) : '127.0.0.1';
const dbPort = Number(sep >= 0 ? dbAddr.slice(sep + 1) : dbAddr);

/** Sends commands to the db, one connection per call; resolves with one reply line per command. */
function db(commands, timeoutMs = 1000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: dbHost, port: dbPort });
    const replies = [];
    let buffered = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`db at ${dbAddr} timed out after ${timeoutMs} ms`)));
    socket.on('connect', () => socket.write(commands.map((c) => c + '\n').join('')));
    socket.on('data', (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        replies.push(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
      if (replies.length >= commands.length) {
        socket.end();
        resolve(replies);
      }
    });
    socket.on('error', (err) => {
      const why = err.code === 'ECONNREFUSED' ? `db at ${dbAddr} refused the connection` : err.message;
      reject(new Error(why));
    });
    socket.on('close', () => {
      if (replies.length < commands.length) reject(new Error(`db at ${dbAddr} closed the connection`));
    });
  });
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function listItems() {
  const [keysLine = ''] = await db(['KEYS']);
  const ids = keysLine.split(' ').slice(1).filter((k) => k.startsWith('item:')).map((k) => k.slice(5));
  if (ids.length === 0) return [];
  const values = await db(ids.map((id) => `GET item:${id}`));
  return ids
    .map((id, i) => ({ id, name: (values[i] ?? '').replace(/^VALUE /, '') }))
    .sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}

async function route(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/health' && req.method === 'GET') {
    try {
      const [reply] = await db(['PING'], 500);
      if (reply === 'PONG') return send(res, 200, { status: 'ok', db: dbAddr });
      return send(res, 503, { status: 'unavailable', reason: `db at ${dbAddr} answered ${JSON.stringify(reply)} to PING` });
    } catch (err) {
      return send(res, 503, { status: 'unavailable', reason: err.message });
    }
  }
  if (url.pathname === '/items' && req.method === 'GET') {
    return send(res, 200, await listItems());
  }
  if (url.pathname === '/items' && req.method === 'POST') {
    let name;
    try {
      name = JSON.parse((await readBody(req)) || '{}').name;
    } catch {
      return send(res, 400, { error: 'body must be JSON like {"name":"..."}' });
    }
    if (typeof name !== 'string' || name.trim() === '') return send(res, 400, { error: 'name must be a non-empty string' });
    name = name.trim().replace(/[\r\n]+/g, ' ');
    const items = await listItems();
    const id = String(items.reduce((max, it) => Math.max(max, Number(it.id) || 0), 0) + 1);
    await db([`SET item:${id} ${name}`]);
    return send(res, 201, { id, name });
  }
  return send(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
}

const server = http.createServer((req, res) => {
  const started = Date.now();
  res.on('finish', () => log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
  route(req, res).catch((err) => send(res, 502, { error: err.message }));
});

let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`received ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

log(`booting (pid ${process.pid}), db at ${dbAddr}`);
await sleep(200);
if (stopping) process.exit(0);

server.on('error', (err) => {
  console.error(`[api] cannot listen on 127.0.0.1:${port}: ${err.code ?? err.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => log(`listening on http://127.0.0.1:${port}`));
