// Fixture one-shot task (a migration, a seed script): does its work and exits.
//   NAME        used in log lines (default "task")
//   DELAY_MS    how long the "work" takes (default 0)
//   ORDER_FILE  if set, "<NAME>:done <Date.now()>" is appended here when the work is done
//   EXIT_CODE   exit code (default 0)
// Logs "<name>: working (pid N)" at start and "<name>: done" before exiting.
import { appendFileSync } from 'node:fs';

const name = process.env.NAME || 'task';
const delayMs = Number(process.env.DELAY_MS || 0);
const exitCode = Number(process.env.EXIT_CODE ?? 0);

console.log(`${name}: working (pid ${process.pid})`);
setTimeout(() => {
  if (process.env.ORDER_FILE) appendFileSync(process.env.ORDER_FILE, `${name}:done ${Date.now()}\n`);
  console.log(`${name}: done`);
  process.exit(exitCode);
}, delayMs);
