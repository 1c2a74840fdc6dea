// Generic TCP fixture service: answers "PING" with "PONG", echoes anything else.
//   PORT / LISTEN_PORT / BOOT_MS / NAME as in http-server.js.
// Logs "listening on <port>". SIGTERM/SIGINT → close and exit 0.
import net from 'node:net';

const name = process.env.NAME || 'tcp';
const port = Number(process.env.LISTEN_PORT || process.env.PORT);
if (!port) {
  console.error(`${name}: PORT is not set`);
  process.exit(1);
}
const bootMs = Number(process.env.BOOT_MS || 0);
const sockets = new Set();

const server = net.createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => {});
  socket.setEncoding('utf8');
  let buf = '';
  socket.on('data', (chunk) => {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      socket.write(line === 'PING' ? 'PONG\n' : `${line}\n`);
    }
  });
});

function stop(signal) {
  console.log(`${name}: received ${signal}, exiting`);
  for (const s of sockets) s.destroy();
  server.close(() => process.exit(0));
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
