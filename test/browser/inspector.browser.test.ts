/**
 * Browser tests: Debian's Chromium driven by playwright-core, headless, no network. They fail
 * (never skip) when the browser cannot start. Screenshots go to artifacts/ (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startInspectorServer, type InspectorServer } from '../../inspector/server';
import { createLiveSession } from '../../inspector/session';
import { renderHtml } from '../../report/renderHtml';
import { catalogue, findScenario } from '../../scenarios/catalogue';
import { serializeLine } from '../../sim/createTrace';
import { runScenario } from '../../world/runScenario';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', 'artifacts');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

let context: BrowserContext;
let profile: string;
let server: InspectorServer;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y chromium (browser tests never skip)`
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(path.join(os.tmpdir(), 'mb-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1500, height: 1350 }
  });
  const session = await createLiveSession(runScenario, findScenario('tour', catalogue));
  server = await startInspectorServer({ session, port: 0 });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Nothing may leave the machine: every request goes to the inspector itself.
  page.on('request', (req) => {
    if (!req.url().startsWith(server.url) && !req.url().startsWith('ws://127.0.0.1')) {
      errors.push(`unexpected request ${req.url()}`);
    }
  });
  await page.goto(server.url);
  await page.waitForSelector('body[data-phase="paused"]', { timeout: 15_000 });
  (page as unknown as { errors: string[] }).errors = errors;
  return page;
}

describe('inspector in Chromium', () => {
  it('should play the tour to the end: the standby runs the application, the timeline shows the failover', async () => {
    const page = await open();
    await page.click('button[data-speed="max"]');
    await page.waitForSelector('body[data-phase="ended"]', { timeout: 30_000 });
    expect(await page.textContent('#clock')).toBe('180.000s / 180.000s');

    await page.click('.chip[data-actor="standby-1/app"]');
    await expect(page.getAttribute('[id="st:running"]', 'class')).resolves.toContain('active');
    await expect(page.getAttribute('[id="st:running.healthy"]', 'class')).resolves.toContain(
      'active'
    );
    expect(await page.textContent('#chart-state')).toContain(
      'applicationMachine · running.healthy'
    );
    expect(await page.textContent('.card[data-actor="prod-1"] .state')).toBe('crashed');

    expect(await page.locator('#timeline .failover-completed').count()).toBe(1);
    expect(await page.textContent('#timeline')).toContain('failover completed');
    expect(await page.textContent('#status')).toContain('failover completed at 127.125s');
    const net = page
      .locator('#tables table[data-actor="standby-1/receiver"] tr[data-path="network"] td')
      .last();
    expect(await net.textContent()).toBe('invalid');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-tour-end.png') });
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('should jump into the partition and step one event at a time', async () => {
    const page = await open();
    await page.fill('#jump-to', '60s');
    await page.click('#jump button');
    await page.waitForSelector('body[data-sim-now="60000"]');
    // The network heartbeat is lost, the mirror heartbeat still arrives: no failover.
    const row = (p: string) =>
      page.locator(`#tables table[data-actor="standby-1/receiver"] tr[data-path="${p}"] td`).last();
    expect(await row('network').textContent()).toBe('invalid');
    expect(await row('mirror').textContent()).toBe('valid');
    expect(await page.locator('#timeline .failover').count()).toBe(0);
    await page.selectOption('#chart-actor', 'standby-1/receiver');
    await expect(
      page.getAttribute('[id="st:on.watching.network.invalid"]', 'class')
    ).resolves.toContain('active');
    const before = await page.evaluate(() => (window as any).__mirrorbeat.next as number);
    await page.click('#step');
    await page.click('#step');
    expect(await page.evaluate(() => (window as any).__mirrorbeat.next as number)).toBe(before + 2);
    await page.selectOption('#log-actor', 'network');
    expect(await page.locator('#log tr').first().textContent()).toContain('network');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-tour-partition.png') });
    await page.close();
  });

  it('should replay a saved trace file chosen in the page', async () => {
    const run = runScenario(findScenario('tour', catalogue), { trace: 'full', until: 40_000 });
    const file = path.join(ARTIFACTS, 'tour-40s.jsonl');
    writeFileSync(file, run.lines.map((l) => serializeLine(l)).join('\n') + '\n');
    const page = await open();
    await page.setInputFiles('#trace-file', file);
    await page.waitForFunction(() => (window as any).__mirrorbeat.local === true);
    expect(await page.textContent('#scenario')).toContain('tour-40s.jsonl');
    await page.click('button[data-speed="max"]');
    await page.waitForSelector('body[data-phase="ended"]');
    const row = page
      .locator('#tables table[data-actor="standby-1/receiver"] tr[data-path="network"] td')
      .last();
    expect(await row.textContent()).toBe('invalid');
    expect(await page.textContent('#tables-source')).toContain('rebuilt from the trace');
    await page.close();
  });

  it('should open the HTML report offline', async () => {
    const run = runScenario(findScenario('tour', catalogue), { trace: 'full' });
    const file = path.join(ARTIFACTS, 'tour-report.html');
    writeFileSync(file, renderHtml(run, { replayCommand: 'npx mirrorbeat run tour --seed 1' }));
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(`file://${file}`);
    expect(await page.textContent('h1')).toContain('PASS');
    expect(await page.textContent('#summary')).toContain('127.125s');
    expect(await page.locator('#timeline .failover-completed').count()).toBe(1);
    expect(await page.locator('#sequence svg').count()).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('#alerts')).toContain('failure-declared');
    expect(requests).toEqual([`file://${file}`]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png') });
    await page.close();
  });
});
