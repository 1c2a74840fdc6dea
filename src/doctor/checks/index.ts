/** The check catalogue (DESIGN §5): each id and the module that finds it. */
import type { Check, CheckId } from '../types.js';
import { commandNotFound } from './command-not-found.js';
import { configChanged } from './config-changed.js';
import { configInvalid } from './config-invalid.js';
import { crashLoop } from './crash-loop.js';
import { dependencyDown } from './dependency-down.js';
import { dependencyUnreachable } from './dependency-unreachable.js';
import { healthPortMismatch } from './health-port-mismatch.js';
import { portConflict } from './port-conflict.js';
import { portMismatch } from './port-mismatch.js';
import { serviceDown } from './service-down.js';
import { serviceUnhealthy } from './service-unhealthy.js';
import { staleBuild } from './stale-build.js';
import { staleCode } from './stale-code.js';
import { watchMatchesNothing } from './watch-matches-nothing.js';

export interface NamedCheck {
  /** The id it reports under (config-invalid also reports the graph and pre-flight ids the loader finds). */
  id: CheckId;
  run: Check;
}

export const CHECKS: readonly NamedCheck[] = [
  { id: 'config-invalid', run: configInvalid },
  { id: 'config-invalid', run: watchMatchesNothing },
  { id: 'command-not-found', run: commandNotFound },
  { id: 'port-conflict', run: portConflict },
  { id: 'port-mismatch', run: portMismatch },
  { id: 'health-port-mismatch', run: healthPortMismatch },
  { id: 'service-down', run: serviceDown },
  { id: 'service-unhealthy', run: serviceUnhealthy },
  { id: 'crash-loop', run: crashLoop },
  { id: 'stale-code', run: staleCode },
  { id: 'config-changed', run: configChanged },
  { id: 'stale-build', run: staleBuild },
  { id: 'dependency-down', run: dependencyDown },
  { id: 'dependency-unreachable', run: dependencyUnreachable },
];

/** What `--staged` runs: the file and the disk only, nothing about running processes or the network. */
export const STATIC_CHECKS: readonly NamedCheck[] = CHECKS.filter((c) =>
  (['config-invalid', 'command-not-found', 'health-port-mismatch'] as const).some((id) => id === c.id),
);
