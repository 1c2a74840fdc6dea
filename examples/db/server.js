// A tiny in-memory key-value store speaking a line protocol over TCP.
//
//   PING        -> PONG
//   SET k v     -> OK            (v is the rest of the line, spaces allowed)
//   GET k       -> VALUE v | NIL
//   KEYS        -> KEYS k1 k2 ...
//   anything else -> ERR <reason>
//
// Env: PORT (required). Listens on 127.0.0.1:$PORT after a short simulated boot,
// so that `stack up` visibly waits for it before starting the api.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const log = (msg) => console.log(msg);

const port = Number(process.env.PORT);
if (!process.env.PORT || !Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`[db] PORT is missing or invalid (got ${JSON.stringify(process.env.PORT)}); set PORT=<number>`);
  process.exit(1);
}

const store = new Map();
const sockets = new Set();
let server;
let stopping = false;

function handle(line) {
  const trimmed = line.replace(/\r$/, '');
  if (trimmed === '') return null;
  const [cmd = '', key, ...rest] = trimmed.split(' ');
  switch (cmd.toUpperCase()) {
    case 'PING':
      return 'PONG';
    case 'SET':
      if (!key) return 'ERR usage: SET <key> <value>';
      store.set(key, rest.join(' '));
      return 'OK';
    case 'GET':
      if (!key) return 'ERR usage: GET <key>';
      return store.has(key) ? `VALUE ${store.get(key)}` : 'NIL';
    case 'KEYS':
      return ['KEYS', ...store.keys()].join(' ');
    default:
      return `ERR unknown command ${JSON.stringify(cmd)}`;
  }
}

function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`received ${signal}, shutting down`);
  for (const s of sockets) s.destroy();
  if (!server) process.exit(0);
  server.close(() => {
    log('bye');
    process.exit(0);
  });
  // Never hang on shutdown.
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

log(`booting (pid ${process.pid})`);
log('loading data ...');
await sleep(400);
if (stopping) process.exit(0);
store.set('item:1', 'hello from the db');
log(`loaded ${store.size} key(s)`);

// Health probes and the api open a connection per request, so log the first few
// connections and then a summary every 30 s instead of one line each.
let connections = 0;
let commands = 0;
let reported = { connections: 0, commands: 0 };
setInterval(() => {
  if (connections === reported.connections) return;
  log(`${connections - reported.connections} connection(s), ${commands - reported.commands} command(s) in the last 30 s; ${store.size} key(s) stored`);
  reported = { connections, commands };
}, 30_000).unref();

server = net.createServer((socket) => {
  const id = ++connections;
  sockets.add(socket);
  if (id <= 3) log(`connection #${id} from ${socket.remoteAddress}:${socket.remotePort}${id === 3 ? ' (further connections are summarised every 30 s)' : ''}`);
  socket.setEncoding('utf8');
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const reply = handle(buffered.slice(0, nl));
      if (reply !== null) commands++;
      buffered = buffered.slice(nl + 1);
      if (reply !== null) socket.write(reply + '\n');
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => sockets.delete(socket));
});

server.on('error', (err) => {
  console.error(`[db] cannot listen on 127.0.0.1:${port}: ${err.code ?? err.message}`);
  process.exit(1);
});

server.listen(port, '127.0.0.1', () => {
  log(`listening on 127.0.0.1:${port}`);
});
