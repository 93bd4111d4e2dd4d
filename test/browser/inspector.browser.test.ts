/**
 * Browser tests: Debian's Chromium driven by playwright-core, headless, no network. They fail
 * (never skip) when the browser cannot start. Screenshots go to artifacts/ (git-ignored); with
 * MIRRORBEAT_SCREENSHOTS=docs the first test also refreshes the README's docs/inspector.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startInspectorServer, type InspectorServer } from '../../inspector/server';
import { createLiveSession, renderStatecharts } from '../../inspector/session';
import { SEQ_ROW_H } from '../../inspector/view/sequenceSvg';
import { renderHtml } from '../../report/renderHtml';
import { catalogue, findScenario } from '../../scenarios/catalogue';
import { serializeLine } from '../../sim/createTrace';
import { runScenario } from '../../world/runScenario';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', '..', 'artifacts');
const DOCS = path.join(__dirname, '..', '..', 'docs');
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

/** When the tour's failover completes (the same deterministic run the page replays). */
function tourCompletedAt(): number {
  return runScenario(findScenario('tour', catalogue)).report.outcome.failover.completedAtMs!;
}

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

async function open(query = '', viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Nothing may leave the machine: every request goes to the inspector itself.
  page.on('request', (req) => {
    if (!req.url().startsWith(server.url) && !req.url().startsWith('ws://127.0.0.1')) {
      errors.push(`unexpected request ${req.url()}`);
    }
  });
  await page.goto(server.url + query);
  await page.waitForSelector('body[data-phase="paused"], body[data-phase="ended"]', {
    timeout: 15_000
  });
  (page as unknown as { errors: string[] }).errors = errors;
  return page;
}

function errorsOf(page: Page): string[] {
  return (page as unknown as { errors: string[] }).errors;
}

async function playToEnd(page: Page): Promise<void> {
  await page.click('button[data-speed="max"]');
  await page.click('#play');
  await page.waitForSelector('body[data-phase="ended"]', { timeout: 30_000 });
}

/** Every actor's state, as the page shows it (the replay's world). */
async function pageStates(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const r = (window as any).__mirrorbeat;
    const out: Record<string, string> = {};
    for (const [id, s] of r.states as Map<string, { state: unknown; stopped: boolean }>) {
      out[id] = `${JSON.stringify(s.state)}${s.stopped ? ' (stopped)' : ''}`;
    }
    return out;
  });
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('inspector in Chromium', () => {
  it('should play the tour to the end: production greyed out, the standby serving, the pair swapped', async () => {
    const page = await open();
    await playToEnd(page);
    expect(await page.textContent('#clock')).toBe('180.000s / 180.000s');
    // The crashed host and its programs are shown down and stopped, never running.
    const host = page.locator('.topo-host[data-actor="prod-1"]');
    expect(await host.getAttribute('class')).toContain('down');
    expect(await host.getAttribute('data-state')).toBe('crashed');
    const prodApp = page.locator('.topo-program[data-actor="prod-1/app"]');
    expect(await prodApp.getAttribute('class')).toContain('stopped');
    expect(await prodApp.getAttribute('class')).not.toContain('running');
    expect(await page.locator('.topo-group[data-site="production"].serving').count()).toBe(0);
    expect(await page.locator('.topo-group[data-site="standby"].serving').count()).toBe(1);
    expect(
      await page.locator('.topo-program[data-actor="standby-1/app"]').getAttribute('class')
    ).toContain('running');
    // After the swap-takeover the data pair runs from the standby's volume.
    const pair = page.locator('.topo-pair[data-actor="data-pair"]');
    expect(await pair.getAttribute('data-from')).toBe('standby-data');
    expect(await pair.getAttribute('data-to')).toBe('prod-data');
    expect(await page.locator('.topo-pair[data-actor="hb-pair"]').getAttribute('data-from')).toBe(
      'prod-hb'
    );
    // Their tables are marked stale.
    expect(await page.getAttribute('#tables table[data-actor="prod-1/sender"]', 'class')).toBe(
      'stale'
    );
    expect(await page.textContent('#tables table[data-actor="prod-1/sender"] caption')).toContain(
      'stale'
    );

    await page.click('.topo-program[data-actor="standby-1/app"]');
    await expect(page.getAttribute('[id="st:running.healthy"]', 'class')).resolves.toContain(
      'active'
    );
    expect(await page.textContent('#chart-state')).toContain(
      'applicationMachine · running.healthy'
    );
    expect(await page.locator('#timeline .failover-completed').count()).toBe(1);
    const completed = tourCompletedAt();
    expect(await page.textContent('#status')).toContain(
      `failover completed at ${(completed / 1000).toFixed(3)}s`
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-tour-end.png') });
    if (process.env.MIRRORBEAT_SCREENSHOTS === 'docs') {
      await page.screenshot({ path: path.join(DOCS, 'inspector.png') });
    }
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('should show the partition: the network edge cut, the network serial line flat, the active leaf in view', async () => {
    const page = await open('?actor=standby-1/receiver');
    await page.fill('#jump-to', '89s');
    await page.click('#jump button');
    await page.waitForSelector('body[data-sim-now="89000"]');
    const row = (p: string) =>
      page.locator(`#tables table[data-actor="standby-1/receiver"] tr[data-path="${p}"] td`).last();
    expect(await row('network').textContent()).toBe('invalid');
    expect(await row('mirror').textContent()).toBe('valid');
    expect(await page.getAttribute('.topo-network', 'class')).toContain('edge-bad');
    expect(await page.getAttribute('.topo-link', 'class')).toContain('edge-idle');
    // Step plot: no rise of the network serial inside the partition band; the P-VOL keeps rising.
    const band = page.locator('#timeline .fault-band[data-action="partition"] rect');
    const x0 = Number(await band.getAttribute('x'));
    const x1 = x0 + Number(await band.getAttribute('width'));
    const rises = async (series: string) => {
      const d = (await page.getAttribute(`#timeline .series-${series}`, 'd')) ?? '';
      let x = 0;
      let n = 0;
      for (const [, op, v] of d.matchAll(/([MHV])([\d.]+)/g)) {
        if (op === 'M' || op === 'H') x = Number(v);
        else if (x > x0 + 3 && x < x1 - 3) n++;
      }
      return n;
    };
    expect(await rises('network')).toBe(0);
    expect(await rises('pvol')).toBeGreaterThan(40);
    // The statechart follows: the active leaf is highlighted inside the visible panel.
    const leaf = await page.locator('#statechart .active.leaf.focus').boundingBox();
    const panel = await page.locator('#statechart').boundingBox();
    expect(leaf).not.toBeNull();
    expect(leaf!.x).toBeGreaterThanOrEqual(panel!.x);
    expect(leaf!.y).toBeGreaterThanOrEqual(panel!.y);
    expect(leaf!.x + leaf!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
    expect(leaf!.y + leaf!.height).toBeLessThanOrEqual(panel!.y + panel!.height);
    // Its last transition at 89 s is the taking of a held S-VOL read: an internal transition of
    // `watching`, written in that state's box, not an edge.
    expect(await page.textContent('#chart-last')).toBe('last: READ.DONE');
    // The network path going invalid in the partition was an edge: highlighted when it is last.
    const run = runScenario(findScenario('tour', catalogue), { trace: 'full' });
    const lost = run.lines.find(
      (l) =>
        l.actor === 'standby-1/receiver' &&
        l.type.startsWith('xstate.after.untilInvalid.') &&
        l.t < 89_000
    )!;
    const at = Math.ceil(lost.t);
    await page.fill('#jump-to', `${at}ms`);
    await page.click('#jump button');
    await page.waitForSelector(`body[data-sim-now="${at}"]`);
    expect(await page.locator('#statechart .edge.last').count()).toBeGreaterThan(0);
    await page.fill('#jump-to', '89s');
    await page.click('#jump button');
    await page.waitForSelector('body[data-sim-now="89000"]');
    // Step forward twice, back once.
    const next = () => page.evaluate(() => (window as any).__mirrorbeat.next as number);
    const before = await next();
    await page.click('#step');
    await page.click('#step');
    expect(await next()).toBe(before + 2);
    await page.click('#step-back');
    expect(await next()).toBe(before + 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-tour-partition.png') });
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('should place timeline labels without overlap, label empty lanes, and zoom into the failover', async () => {
    const page = await open();
    await playToEnd(page);
    const boxes = await page.$$eval('#timeline .tl-label text', (els) =>
      els.map((e) => {
        const b = e.getBoundingClientRect();
        return { x: b.x, y: b.y, width: b.width, height: b.height };
      })
    );
    expect(boxes.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j])).toBe(false);
    for (const lane of ['app-standby', 'acks-standby', 'acks-production', 'mirror']) {
      expect(await page.locator(`#timeline .lane-${lane} .lane-empty`).count()).toBeGreaterThan(0);
    }
    const unavailable = Number(
      await page.getAttribute('#timeline .lane-unavailable', 'data-total')
    );
    expect(unavailable).toBeGreaterThan(5000);
    expect(unavailable).toBeLessThan(8000);
    await page.click('#zoom-failover');
    await page.waitForSelector('#zoom-out:not([hidden])');
    const from = Number(await page.getAttribute('#timeline svg', 'data-from'));
    const to = Number(await page.getAttribute('#timeline svg', 'data-to'));
    expect(to - from).toBeLessThan(5000);
    const band = await page.locator('#timeline .failover rect').boundingBox();
    const chart = await page.locator('#timeline svg').boundingBox();
    expect(band!.width).toBeGreaterThan(chart!.width * 0.4);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-zoomed-failover.png') });
    if (process.env.MIRRORBEAT_SCREENSHOTS === 'docs') {
      await page.locator('#timeline-panel').screenshot({
        path: path.join(DOCS, 'inspector-failover.png')
      });
    }
    await page.close();
  });

  it('should draw the whole run as a scrollable sequence, with the takeover, unclipped notes and filters', async () => {
    const page = await open();
    await playToEnd(page);
    await page.uncheck('#seq-follow');
    await page.evaluate(() => {
      document.getElementById('sequence')!.scrollTop = 0;
    });
    await page.waitForFunction(
      () => document.querySelector('#sequence-window svg')?.getAttribute('data-row-from') === '0'
    );
    // From the first second on: the whole run is there, drawn only where it is in view.
    // The first heartbeat over the network: hb #1, at the sender's seeded phase in its first second.
    expect(await page.textContent('#sequence-window svg')).toContain('hb #1');
    const rows = await page.evaluate(() => {
      const svg = document.querySelector('#sequence-window svg')!;
      return Number(svg.getAttribute('data-row-to')) - Number(svg.getAttribute('data-row-from'));
    });
    expect(rows).toBeLessThan(80);
    const topics = await page.$$eval('#seq-topic option', (os) => os.map((o) => o.textContent));
    expect(topics).toEqual(expect.arrayContaining(['heartbeat', 'takeover', 'heartbeat read']));
    await page.selectOption('#seq-topic', 'takeover');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#sequence-window .msg').length > 0 &&
        document.querySelectorAll('#sequence-window .msg:not(.topic-takeover)').length === 0
    );
    const labels = await page.$$eval('#sequence-window .msg text', (els) =>
      els.map((e) => e.textContent)
    );
    expect(labels).toEqual(expect.arrayContaining(['takeover data-pair', 'swap-takeover']));
    expect(await page.locator('#sequence-window .msg:not(.topic-takeover)').count()).toBe(0);
    // No message label lies on a note.
    const clashes = await page.evaluate(() => {
      const box = (e: Element) => e.getBoundingClientRect();
      const labels = [...document.querySelectorAll('#sequence-window .msg > text')].filter(
        (t) => t.textContent !== '✕'
      );
      const rects = [...document.querySelectorAll('#sequence-window .note rect')].map(box);
      return labels
        .filter((t) => {
          const a = box(t);
          return rects.some(
            (b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
          );
        })
        .map((t) => t.textContent);
    });
    expect(clashes).toEqual([]);
    await page.close();
  });

  it('should draw every alert note of the run whole: its text inside its box, its box inside the panel', async () => {
    // The alerts of the deterministic run the page replays (warnings are not drawn as notes).
    const alerts = runScenario(findScenario('tour', catalogue)).report.alerts.filter(
      (a) => a.kind !== 'heartbeat-warning'
    );
    expect(alerts.length).toBeGreaterThanOrEqual(5);
    const page = await open();
    await playToEnd(page);
    await page.uncheck('#seq-follow');
    const moments = [...new Set(alerts.map((a) => Math.floor(a.atMs)))];
    for (const t of moments) {
      const kinds = alerts.filter((a) => Math.floor(a.atMs) === t).map((a) => a.kind);
      // Jump to the alert's moment: the page scrolls its sequence there (no scroll search).
      await page.fill('#jump-to', `${(t / 1000).toFixed(3)}s`);
      await page.click('#jump button');
      await page.waitForSelector(`body[data-sim-now="${t}"]`);
      // The redraw has settled when the drawn window is the one for this scroll position and
      // holds the alert notes of this moment.
      await page.waitForFunction(
        ({ want, rowHeight }) => {
          const box = document.getElementById('sequence')!;
          const svg = document.querySelector('#sequence-window svg');
          const first = Math.max(0, Math.floor(box.scrollTop / rowHeight) - 5);
          const drawn = [...document.querySelectorAll('#sequence-window .note-alert text')].map(
            (e) => e.textContent
          );
          return (
            svg?.getAttribute('data-row-from') === String(first) &&
            want.every((k) => drawn.includes(k))
          );
        },
        { want: kinds, rowHeight: SEQ_ROW_H },
        { timeout: 10_000 }
      );
      const notes = await page.$$eval('#sequence-window .note', (gs) => {
        const panel = document.getElementById('sequence')!.getBoundingClientRect();
        return gs.map((g) => {
          const text = g.querySelector('text')!.getBoundingClientRect();
          const rect = g.querySelector('rect')?.getBoundingClientRect() ?? null;
          const outer = rect ?? text;
          const inView = outer.top >= panel.top - 0.5 && outer.bottom <= panel.bottom + 0.5;
          return {
            note: g.querySelector('text')!.textContent,
            alert: g.classList.contains('note-alert'),
            inView,
            textInBox:
              rect === null ||
              (text.left >= rect.left - 0.5 &&
                text.right <= rect.right + 0.5 &&
                text.top >= rect.top - 0.5 &&
                text.bottom <= rect.bottom + 0.5),
            boxInPanel: outer.left >= panel.left - 0.5 && outer.right <= panel.right + 0.5
          };
        });
      });
      // Every note drawn: text inside its rectangle, rectangle inside the panel's width.
      for (const n of notes) {
        expect({ note: n.note, textInBox: n.textInBox, boxInPanel: n.boxInPanel }).toEqual({
          note: n.note,
          textInBox: true,
          boxInPanel: true
        });
      }
      // This moment's alerts are in view, whole.
      for (const kind of kinds) {
        expect(notes.filter((n) => n.alert && n.note === kind && n.inView).length).toBeGreaterThan(
          0
        );
      }
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-sequence-notes.png') });
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('should show the same after going back in time as when going forward to that time', async () => {
    const back = await open('?actor=standby-1/receiver');
    await playToEnd(back);
    await back.fill('#jump-to', '125.12s');
    await back.click('#jump button');
    await back.waitForSelector('body[data-sim-now="125120"]');
    await back.click('#step-back');
    const fresh = await open('?t=125.12s&actor=standby-1/receiver');
    await fresh.waitForSelector('body[data-sim-now="125120"]');
    await fresh.click('#step-back');
    const view = (page: Page) =>
      page.evaluate(() => ({
        next: (window as any).__mirrorbeat.next,
        topology: document.getElementById('topology')!.innerHTML,
        tables: document.getElementById('tables')!.innerHTML,
        timeline: document.getElementById('timeline')!.innerHTML,
        chart: document.getElementById('chart-state')!.textContent
      }));
    expect(await pageStates(back)).toEqual(await pageStates(fresh));
    expect(await view(back)).toEqual(await view(fresh));
    await back.close();
    await fresh.close();
  });

  it('should open a given time and actor from the URL, and show an event in full', async () => {
    const page = await open('?t=125.12s&actor=standby-1/decision');
    await page.waitForSelector('body[data-sim-now="125120"]');
    expect(await page.inputValue('#chart-actor')).toBe('standby-1/decision');
    expect(await page.textContent('#chart-state')).toContain('declared');
    expect(await page.getAttribute('#link', 'href')).toContain('t=125.120s');
    await page.fill('#log-type', 'xstate.init');
    await page.selectOption('#log-actor', 'standby-1/receiver');
    await page.click('#log tr[data-i]');
    await page.waitForSelector('#detail:not([hidden])');
    const detail = (await page.textContent('#detail')) ?? '';
    expect(detail).toContain('"pollInterval"');
    expect(detail.length).toBeGreaterThan(300);
    await page.close();
  });

  it('should be usable at 1024 px: no table cut off, the topology inside its panel', async () => {
    const page = await open('?t=127.2s', { width: 1024, height: 900 });
    await page.waitForSelector('body[data-sim-now="127200"]');
    const cut = await page.$$eval('#tables table, #topology svg, #timeline svg', (els) =>
      els
        .filter((e) => {
          const panel = e.closest('.panel')!.getBoundingClientRect();
          const b = e.getBoundingClientRect();
          return b.right > panel.right + 0.5 || b.left < panel.left - 0.5;
        })
        .map((e) => e.outerHTML.slice(0, 60))
    );
    expect(cut).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      1024
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-1024.png') });
    await page.close();
  });

  it('should show a saved trace with the same states as the live replay', async () => {
    const run = runScenario(findScenario('tour', catalogue), { trace: 'full' });
    const file = path.join(ARTIFACTS, 'tour.jsonl');
    // A header line first, as trace files may carry one.
    const header = JSON.stringify({ type: 'header', format: 1, scenario: 'tour', seed: 1 });
    writeFileSync(file, [header, ...run.lines.map((l) => serializeLine(l))].join('\n') + '\n');
    // Mid-failover (storage taken over, application not yet running at the standby), then the end.
    const during = async (page: Page) => {
      await page.fill('#jump-to', '126s');
      await page.click('#jump button');
      await page.waitForSelector('body[data-sim-now="126000"]');
      return pageStates(page);
    };
    const live = await open();
    await playToEnd(live);
    const liveDuring = await during(live);
    await playToEnd(live);
    const liveStates = await pageStates(live);
    const livePair = await live.getAttribute('.topo-pair[data-actor="data-pair"]', 'data-from');
    await live.close();

    const page = await open();
    await page.setInputFiles('#trace-file', file);
    await page.waitForFunction(() => (window as any).__mirrorbeat.local === true);
    expect(await page.textContent('#scenario')).toContain('tour.jsonl');
    await playToEnd(page);
    expect(await during(page)).toEqual(liveDuring);
    expect(liveDuring['prod-1/app']).toContain('(stopped)');
    expect(liveDuring['standby-1/app']).not.toContain('running');
    await playToEnd(page);
    expect(await pageStates(page)).toEqual(liveStates);
    expect(liveStates['prod-1/app']).toContain('(stopped)');
    expect(await page.getAttribute('.topo-pair[data-actor="data-pair"]', 'data-from')).toBe(
      livePair
    );
    expect(await page.textContent('#tables-source')).toContain('rebuilt from the trace');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('should open the HTML report offline with the topology at key moments and the statecharts', async () => {
    const run = runScenario(findScenario('tour', catalogue), { trace: 'full' });
    const file = path.join(ARTIFACTS, 'tour-report.html');
    writeFileSync(
      file,
      renderHtml(run, {
        replayCommand: 'npx mirrorbeat run tour --seed 1',
        statecharts: await renderStatecharts()
      })
    );
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(`file://${file}`);
    expect(await page.textContent('h1')).toContain('PASS');
    expect(await page.textContent('#summary')).toContain(
      `${(run.report.outcome.failover.completedAtMs! / 1000).toFixed(3)}s`
    );
    expect(await page.locator('#timeline .failover-completed').count()).toBe(1);
    expect(await page.locator('#topology figure').count()).toBeGreaterThanOrEqual(5);
    const last = page.locator('#topology figure').last();
    expect(await last.locator('.topo-host[data-actor="prod-1"]').getAttribute('class')).toContain(
      'down'
    );
    expect(await last.locator('.topo-group[data-site="standby"].serving').count()).toBe(1);
    expect(await page.locator('#statecharts figure').count()).toBeGreaterThanOrEqual(5);
    expect(await page.textContent('#statecharts')).toContain('prod-1/app');
    expect(await page.locator('#statecharts figure.stopped').count()).toBeGreaterThan(0);
    expect(await page.locator('#statecharts g.active.leaf').count()).toBeGreaterThan(0);
    expect(await page.locator('#sequence svg').count()).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('#alerts')).toContain('failure-declared');
    expect(requests).toEqual([`file://${file}`]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png'), fullPage: true });
    await page.close();
  });
});
