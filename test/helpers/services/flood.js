// Fixture service that floods its log: every 100 ms it writes FLOOD_KB kilobytes of
// numbered lines (~100 bytes each: "flood line <n> xxxx…"), for FLOOD_TICKS ticks
// (default 30, i.e. 3 s), then prints "flood done" and idles.
const kb = Number(process.env.FLOOD_KB || 64);
const ticks = Number(process.env.FLOOD_TICKS || 30);
const pad = 'x'.repeat(80);
let n = 0;
let tick = 0;
const timer = setInterval(() => {
  let chunk = '';
  while (chunk.length < kb * 1024) chunk += `flood line ${++n} ${pad}\n`;
  process.stdout.write(chunk);
  if (++tick >= ticks) {
    clearInterval(timer);
    console.log('flood done');
    setInterval(() => {}, 1 << 30);
  }
}, 100);
process.on('SIGTERM', () => process.exit(0));
