// A background worker with no port: every 2 s it asks the api for its items and logs
// how many there are. When the api is down it logs the error and keeps trying, so
// `stack` sees it as alive (health: process) while its dependency is the problem.
//
// Env: API_URL (default http://127.0.0.1:7402), INTERVAL_MS (default 2000).
const log = (msg) => console.log(msg);

const apiUrl = (process.env.API_URL || 'http://127.0.0.1:7402').replace(/\/+$/, '');
const intervalMs = Number(process.env.INTERVAL_MS) || 2000;

let timer;
let tick = 0;
let lastOk = null;

async function poll() {
  tick++;
  try {
    const res = await fetch(`${apiUrl}/items`, { signal: AbortSignal.timeout(1500) });
    if (!res.ok) throw new Error(`api answered ${res.status} ${res.statusText}`);
    const items = await res.json();
    if (lastOk === false) log('api is reachable again');
    lastOk = true;
    log(`tick ${tick}: ${items.length} item(s) in the store`);
  } catch (err) {
    lastOk = false;
    const why = err.name === 'TimeoutError' ? 'no answer within 1500 ms' : (err.cause?.code ?? err.message);
    log(`tick ${tick}: cannot reach ${apiUrl}/items (${why}); retrying in ${intervalMs} ms`);
  }
  timer = setTimeout(poll, intervalMs);
}

function shutdown(signal) {
  log(`received ${signal}, stopping after ${tick} tick(s)`);
  clearTimeout(timer);
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

log(`started (pid ${process.pid}), polling ${apiUrl}/items every ${intervalMs} ms`);
poll();
