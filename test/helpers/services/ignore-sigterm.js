// Fixture service that ignores SIGTERM (and SIGINT when IGNORE_SIGINT=1), so only
// SIGKILL after stop_timeout ends it. Listens on $PORT when set; logs "ready".
import net from 'node:net';

process.on('SIGTERM', () => console.log(`ignore-sigterm: got SIGTERM, ignoring it`));
process.on('SIGINT', () => {
  if (process.env.IGNORE_SIGINT === '1') console.log('ignore-sigterm: got SIGINT, ignoring it');
  else process.exit(0);
});

console.log(`ignore-sigterm: starting (pid ${process.pid})`);
const port = Number(process.env.PORT || 0);
if (port) {
  net.createServer((s) => s.end()).listen(port, '127.0.0.1', () => {
    console.log(`listening on ${port}`);
    console.log('ready');
  });
} else {
  console.log('ready');
}
setInterval(() => {}, 1 << 30);
