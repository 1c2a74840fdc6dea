// Fixture service that writes to its log as fast as it can: numbered ~100-byte lines in
// 64 KB writes, for FLOOD_MS milliseconds (default 10000), yielding to the event loop
// between batches so that signals are handled. Then prints
// "flood done: <lines> lines, <bytes> bytes" and idles. SIGTERM → exit 0.
import { writeSync } from 'node:fs';

const durationMs = Number(process.env.FLOOD_MS || 10_000);
const pad = 'x'.repeat(80);
const until = Date.now() + durationMs;
let n = 0;
let bytes = 0;

function batch() {
  for (let i = 0; i < 16; i++) {
    let chunk = '';
    while (chunk.length < 64 * 1024) chunk += `flood line ${++n} ${pad}\n`;
    bytes += writeSync(1, chunk);
  }
  if (Date.now() < until) setImmediate(batch);
  else {
    console.log(`flood done: ${n} lines, ${bytes} bytes`);
    setInterval(() => {}, 1 << 30);
  }
}
batch();
process.on('SIGTERM', () => process.exit(0));
