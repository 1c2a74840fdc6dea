import { darwinPlatform } from './darwin.js';
import { fallbackPlatform } from './fallback.js';
import { linuxPlatform } from './linux.js';
import type { Platform } from './types.js';
import { windowsPlatform } from './windows.js';

export type { ListeningSocket, ListeningSocketsOptions, Platform, ProcessStart } from './types.js';

const platforms: Partial<Record<NodeJS.Platform, Platform>> = {
  linux: linuxPlatform,
  android: linuxPlatform,
  darwin: darwinPlatform,
  win32: windowsPlatform,
};

let current: Platform | undefined;

/**
 * The latest a file may have been modified and still be in a process started at
 * `startedAt` (as the OS reports it): start times are rounded down to the OS's resolution.
 */
export function loadedUntil(startedAt: number): number {
  return startedAt + getPlatform().startTimeResolutionMs;
}

export function getPlatform(): Platform {
  current ??= platforms[process.platform] ?? fallbackPlatform;
  return current;
}
