// Headless Chromium (the Debian `chromium` package) driven by playwright-core, with a fresh profile per
// launch and no background traffic of its own. Tests declare CHROMIUM with describeWithTool (requiredTool.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findTool } from './requiredTool.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long a test waits for the page to show something: polls run every 2 s, and CI machines are busy. */
export const PAGE_WAIT = { timeout: 10_000 };

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, in order: lets a test prove nothing left the admin origin. */
  requestedUrls: string[];
  /** Uncaught exceptions and console errors of the page: a test can require there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Headless Chromium (Debian package `chromium`). */
export const CHROMIUM = findTool('chromium', 'chromium');

export async function launchBrowser(executablePath: string): Promise<TestBrowser> {
  // A fresh --user-data-dir: playwright passes it through launchPersistentContext.
  const profileDir = await mkdtemp(path.join(tmpdir(), 'strangler-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requestedUrls: string[] = [];
  context.on('request', (request) => requestedUrls.push(request.url()));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  return {
    context,
    page,
    requestedUrls,
    pageErrors,
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/** Opens /dashboard and, when the page asks for it, types the admin token. */
export async function openDashboard(page: Page, adminUrl: string, token: string): Promise<void> {
  await page.goto(`${adminUrl}/dashboard`);
  await page.locator('#token-form').waitFor({ state: 'visible' });
  await page.fill('#token-input', token);
  await page.click('#token-form button[type=submit]');
}
