/**
 * What the page shows about the services (pure): `status --json`'s own document, unchanged,
 * plus the words `stack status` puts beside it (notes, uptime, memory), so the page
 * renders and never re-derives them. Sent by GET /api/status and with every live update.
 */
import { formatBytes, formatDuration } from '../../format.js';
import { statusNotes, type StatusNote } from '../../protocol/status-notes.js';
import type { StatusResponse } from '../../protocol/status.js';

export interface ServiceWords {
  notes: StatusNote[];
  /** "3.5s", null without a process. */
  uptime: string | null;
  /** "44 MB", null when the OS said nothing. */
  memory: string | null;
}

export interface DashboardView {
  status: StatusResponse;
  /** By service name. */
  words: Record<string, ServiceWords>;
  /** Epoch ms when this was taken. */
  at: number;
}

export function dashboardView(status: StatusResponse, now: number): DashboardView {
  const words: Record<string, ServiceWords> = {};
  for (const s of status.services) {
    words[s.name] = {
      notes: statusNotes(s, now),
      uptime: s.startedAt && s.pid !== null ? formatDuration(now - Date.parse(s.startedAt)) : null,
      memory: s.memory === null ? null : formatBytes(s.memory),
    };
  }
  return { status, words, at: now };
}

