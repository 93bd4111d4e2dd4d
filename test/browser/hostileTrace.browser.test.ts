/**
 * A trace file is untrusted input: a receiver state string holding HTML must show in the status
 * table as text, never as markup. Debian's Chromium driven by playwright-core, headless.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startInspectorServer, type InspectorServer } from '../../inspector/server';
import { createFileSession } from '../../inspector/session';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOSTILE = '<img src=x id=injected onerror="document.body.dataset.owned=1"><b>bold</b>';

let context: BrowserContext | undefined;
let server: InspectorServer | undefined;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y chromium (browser tests never skip)`
    );
  }
  dir = mkdtempSync(path.join(os.tmpdir(), 'mb-hostile-'));
  const file = path.join(dir, 'hostile.jsonl');
  const receiver = 'standby-1/receiver';
  const lines = [
    { t: 0, actor: receiver, type: 'xstate.init', payload: { input: {} }, state: {} },
    {
      t: 1000,
      actor: receiver,
      type: 'POLL',
      state: { on: { watching: { mirror: HOSTILE, network: 'valid' } } }
    }
  ];
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  server = await startInspectorServer({ session: await createFileSession(file), port: 0 });
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking'
    ]
  });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('inspector page on a hostile trace', () => {
  it('should show a state string holding HTML as text in the status table', async () => {
    const page = await context!.newPage();

    await page.goto(server!.url);
    await page.waitForSelector('body[data-phase="paused"]', { timeout: 15_000 });
    // The speed buttons only set the speed; play starts the replay.
    await page.click('button[data-speed="max"]');
    await page.click('#play');
    await page.waitForSelector('body[data-phase="ended"]', { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('#tables table') !== null);
    expect(await page.$('#tables img')).toBeNull();
    expect(await page.$('#tables b')).toBeNull();
    expect(await page.textContent('#tables')).toContain(HOSTILE);
    expect(await page.evaluate(() => document.body.dataset.owned)).toBeUndefined();
  });
});
