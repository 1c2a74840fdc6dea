/**
 * A real browser for the dashboard's tests: the system's Chromium, driven by
 * playwright-core (which cannot download a browser of its own here). A missing Chromium
 * fails the test with a sentence saying how to install it: it must never pass by skipping.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.STACK_TEST_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, and the dashboard's browser tests need it. Install it (apt-get install chromium; .ci/run does), or point STACK_TEST_CHROMIUM at a Chromium binary.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium refuses to start its sandbox as root (containers, CI).
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}
