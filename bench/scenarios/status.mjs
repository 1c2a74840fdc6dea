// 1. CLI latency: `stack status` with a daemon and 10 services, vs `node -e 0` (the cost of
// starting Node at all), `pm2 jlist` and `supervisorctl status` on the same 10 services.
// Commands are interleaved run by run, so drifts of a shared machine hit them alike.
import {
  NODE, STACK, freePorts, measureInterleaved, pm2Apps, serviceDirs, servicesProject, stack, stackProject,
  supervisorPrograms, timeOnce, waitForPorts,
} from '../lib.mjs';
import { Pm2, Supervisor } from '../peers.mjs';

export const title = '1. CLI latency (10 services running)';

export async function run({ RUNS, peers, row, target, note, skip }) {
  const N = 10;
  const { files } = servicesProject('status', await freePorts(N));
  const dir = stackProject('status', files);
  stack(dir, ['up']);

  const fns = {
    floor: () => timeOnce(NODE, ['-e', '0']),
    status: () => timeOnce(NODE, [STACK, 'status'], { cwd: dir }),
    json: () => timeOnce(NODE, [STACK, 'status', '--json'], { cwd: dir }),
    help: () => timeOnce(NODE, [STACK, '--help']),
  };

  if (peers.pm2) {
    const pm2 = new Pm2(peers.pm2);
    const { apps } = serviceDirs('status-pm2', await freePorts(N));
    pm2.start(pm2Apps(apps));
    await waitForPorts(apps.map((a) => a.port));
    fns.pm2 = () => timeOnce(...pm2.argv(['jlist']));
  } else skip('pm2 jlist', 'pm2 is not installed');

  if (peers.supervisord) {
    const { apps } = serviceDirs('status-sv', await freePorts(N));
    const sv = new Supervisor(peers, supervisorPrograms(apps));
    await sv.start();
    await waitForPorts(apps.map((a) => a.port));
    fns.supervisorctl = () => timeOnce(...sv.argv(['status']));
  } else skip('supervisorctl status', 'supervisord is not installed');

  const m = await measureInterleaved(RUNS, fns);
  const floor = ['node -e 0', m.floor];
  row('node -e 0 (floor)', m.floor, { refs: [floor] });
  const status = row('stack status', m.status, { refs: [floor, ['pm2 jlist', m.pm2]] });
  row('stack status --json', m.json, { refs: [floor, ['pm2 jlist', m.pm2]] });
  row('stack --help', m.help, { refs: [floor] });
  if (m.pm2) row('pm2 jlist', m.pm2, { refs: [floor] });
  if (m.supervisorctl) row('supervisorctl status (python)', m.supervisorctl, { refs: [floor, ['stack status', m.status]] });

  const vsFloor = m.status.median / m.floor.median;
  target('stack status ≤ 1.2× node -e 0', vsFloor <= 1.2, `${vsFloor.toFixed(2)}× (${m.status.median.toFixed(0)} vs ${m.floor.median.toFixed(0)} ms)`);
  if (m.pm2) {
    const vsPm2 = m.status.median / m.pm2.median;
    target('stack status < ½ of pm2 jlist', vsPm2 < 0.5, `${vsPm2.toFixed(2)}× (${m.status.median.toFixed(0)} vs ${m.pm2.median.toFixed(0)} ms)`);
  }
  void status;
  void note;
}
