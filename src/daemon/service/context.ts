/** What a service needs from the supervisor that owns it. */
import type { ServiceConfig } from '../../config/types.js';
import type { ProjectPaths } from '../../project-dir.js';
import type { ServiceProgress } from '../../protocol/messages.js';
import type { EventLog } from '../state/event-log.js';

export interface ServiceContext {
  paths: ProjectPaths;
  /** Every service of the current config (whether this one is a job depends on who waits for it). */
  services(): Readonly<Record<string, ServiceConfig>>;
  events: EventLog;
  progress(event: ServiceProgress): void;
  /** Something status shows changed; `persist`: something state.json keeps. */
  changed(persist: boolean): void;
  /** stack.yaml or one of its env files (absolute path): a change there is a config change, not stale code. */
  isConfigFile?(file: string): boolean;
}
