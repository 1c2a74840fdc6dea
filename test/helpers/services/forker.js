// Fixture service that spawns grandchildren, to check that stopping a service stops
// its whole process tree.
//   CHILDREN         number of children (default 2)
//   PIDS_FILE        if set, each child appends its pid to this file (one per line)
//   PORT             listened on by the parent, or by the first child when LISTEN_IN_CHILD=1
//                    (the port-holder is then a grandchild of the supervisor)
//   DETACH_CHILDREN  =1 spawns children in their own session (they escape the process group)
//   CHILD_IGNORE_SIGTERM =1 makes the children ignore SIGTERM
// Logs "spawned child <pid>" per child and "ready" once all are up.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT || 0);
const listenInChild = process.env.LISTEN_IN_CHILD === '1';

function listen(who) {
  return new Promise((resolve) => {
    net.createServer((s) => s.end()).listen(port, '127.0.0.1', () => {
      console.log(`${who}: listening on ${port}`);
      resolve();
    });
  });
}

if (process.env.FORKER_ROLE === 'child') {
  const index = Number(process.env.FORKER_INDEX);
  if (process.env.CHILD_IGNORE_SIGTERM === '1') process.on('SIGTERM', () => {});
  if (process.env.PIDS_FILE) appendFileSync(process.env.PIDS_FILE, `${process.pid}\n`);
  if (port && listenInChild && index === 0) await listen(`child ${process.pid}`);
  process.send?.('up');
  setInterval(() => {}, 1 << 30);
} else {
  const n = Number(process.env.CHILDREN ?? 2);
  const detached = process.env.DETACH_CHILDREN === '1';
  console.log(`forker: starting (pid ${process.pid}), spawning ${n} child(ren)${detached ? ' detached' : ''}`);
  const ups = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, FORKER_ROLE: 'child', FORKER_INDEX: String(i) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      detached,
    });
    console.log(`spawned child ${child.pid}`);
    ups.push(new Promise((resolve) => child.once('message', resolve)));
    child.on('exit', (code, signal) => console.log(`forker: child ${child.pid} exited (${signal ?? code})`));
  }
  await Promise.all(ups);
  if (port && !listenInChild) await listen('forker');
  console.log('ready');
  const stop = (signal) => {
    console.log(`forker: received ${signal}, exiting (children are left to the supervisor)`);
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  setInterval(() => {}, 1 << 30);
}
