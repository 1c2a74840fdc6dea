// Fixture service whose HTTP endpoint accepts connections and never answers (a hung
// /health). Listens on $PORT. SIGTERM → exit 0.
import net from 'node:net';

const sockets = new Set();
const server = net.createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => {});
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`hang: listening on ${process.env.PORT}, answering nothing`));
process.on('SIGTERM', () => process.exit(0));
