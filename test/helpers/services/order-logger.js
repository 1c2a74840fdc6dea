// Fixture service that records when it started, to check start order.
//   NAME        written to the order file (required)
//   ORDER_FILE  "<NAME> <Date.now()>\n" is appended here at start (required)
//   BOOT_MS     wait this long before listening (default 0)
//   PORT        listened on after BOOT_MS when set (logs "listening on <port>");
//               without it the process just stays alive
//   ORDER_LISTEN =1 also appends "<NAME>:listening <ms>" once listening, where <ms> is
//               taken just before listen(): no client can connect before that instant
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const name = process.env.NAME;
const file = process.env.ORDER_FILE;
if (!name || !file) {
  console.error('order-logger: NAME and ORDER_FILE must be set');
  process.exit(1);
}
appendFileSync(file, `${name} ${Date.now()}\n`);
console.log(`${name}: started (pid ${process.pid})`);

const port = Number(process.env.PORT || 0);
const bootMs = Number(process.env.BOOT_MS || 0);
const server = net.createServer((s) => s.end());
setTimeout(() => {
  if (!port) return;
  const listenAt = Date.now();
  server.listen(port, '127.0.0.1', () => {
    if (process.env.ORDER_LISTEN === '1') appendFileSync(file, `${name}:listening ${listenAt}\n`);
    console.log(`listening on ${port}`);
  });
}, bootMs);
setInterval(() => {}, 1 << 30);
const stop = () => {
  server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
