import { catalogue, findScenario } from '../../../scenarios/catalogue';
import {
  addToTimeline,
  createTimelineModel,
  unavailableSpans
} from '../../../inspector/view/timelineModel';
import {
  placeLabels,
  renderTimelineSvg,
  stepPath,
  tickLabel
} from '../../../inspector/view/timelineSvg';
import { runScenario } from '../../../world/runScenario';

describe('timeline', () => {
  it('should draw serials as steps: a serial holds until the next one, then rises', () => {
    const d = stepPath(
      [
        { t: 0, serial: 1 },
        { t: 10, serial: 2 },
        { t: 70, serial: 8 }
      ],
      (t) => t,
      (s) => 100 - s,
      0,
      100,
      90
    );
    expect(d).toBe('M0,99H10V98H70V92H90');
  });

  it('should stack labels that would overlap into rows, and keep apart ones on one row', () => {
    const placed = placeLabels([
      { x: 100, text: 'failure declared 2m05s', color: '', cls: 'a' },
      { x: 110, text: 'failover completed 2m07s', color: '', cls: 'b' },
      { x: 600, text: 'heal', color: '', cls: 'c' }
    ]);
    const row = (cls: string) => placed.find((p) => p.label.cls === cls)?.row;
    expect(row('a')).toBe(0);
    expect(row('b')).toBe(1);
    expect(row('c')).toBe(0);
  });

  it('should record per-site service lanes and the unavailability of the tour', () => {
    const run = runScenario(findScenario('tour', catalogue), { trace: 'full' });
    const model = createTimelineModel();
    for (const line of run.lines) addToTimeline(model, line);
    const prodApp = model.service.production.app;
    expect(prodApp).toHaveLength(1);
    expect(prodApp[0].to).toBe(120_400);
    // The standby's application runs from the instant its trace says so, to the end.
    const standbyUp = run.lines.find(
      (l) => l.actor === 'standby-1/app' && JSON.stringify(l.state ?? '').includes('running')
    )!.t;
    expect(standbyUp).toBeGreaterThan(120_400);
    expect(model.service.standby.app[0]).toEqual({ from: standbyUp, to: null });
    const gaps = unavailableSpans(model, 180_000);
    expect(gaps).toHaveLength(1);
    // From the crash (the application stopped) to the standby's first acknowledged write: the
    // run report's figure.
    expect(gaps[0].from).toBe(120_400);
    expect(gaps[0].to).toBeGreaterThanOrEqual(standbyUp);
    expect(gaps[0].to! - gaps[0].from).toBeCloseTo(run.report.outcome.unavailableMs, 6);
    // The receiver stopped once the standby served: its series end there.
    expect(model.seriesEnd.network).toBe(standbyUp);
    const svg = renderTimelineSvg(model, { width: 1000, durationMs: 180_000 });
    expect(svg).toContain('class="lane lane-unavailable"');
    expect(svg).toMatch(/unavailable-total[^>]*>\d+(\.\d)?s unavailable/);
  });

  it('should draw the same at a cursor from a model built further on (going back in time)', () => {
    const run = runScenario(findScenario('tour', catalogue), { trace: 'full' });
    const full = createTimelineModel();
    for (const line of run.lines) addToTimeline(full, line);
    for (const share of [0.1, 0.2, 0.5, 0.75, 0.8, 0.99]) {
      const cut = Math.floor(share * run.lines.length);
      // Cut at an instant's end: every line of the cursor's instant is in.
      let k = cut;
      while (k < run.lines.length && run.lines[k].t === run.lines[k - 1].t) k++;
      const part = createTimelineModel();
      for (const line of run.lines.slice(0, k)) addToTimeline(part, line);
      const cursor = run.lines[k - 1].t;
      const draw = (m: typeof full) =>
        renderTimelineSvg(m, { width: 1200, durationMs: 180_000, cursor });
      expect(draw(full)).toBe(draw(part));
    }
  });
});

describe('time axis', () => {
  it('should label ticks less than a second apart with the decimals that tell them apart', () => {
    expect(tickLabel(125_500, 500)).toBe('2m05.5s');
    expect(tickLabel(125_000, 500)).toBe('2m05.0s');
    expect(tickLabel(4_250, 50)).toBe('4.25s');
    expect(tickLabel(120_000, 20_000)).toBe('2m');
    const model = createTimelineModel();
    const svg = renderTimelineSvg(model, {
      width: 1000,
      durationMs: 180_000,
      from: 124_110,
      to: 127_118
    });
    // A fault begun before the window says when it began.
    const crash = createTimelineModel();
    addToTimeline(crash, {
      t: 120_400,
      actor: 'scenario',
      type: 'fault',
      payload: { at: 120_400, action: 'crash', target: 'prod-1' }
    });
    expect(
      renderTimelineSvg(crash, { width: 1000, durationMs: 180_000, from: 124_110, to: 127_118 })
    ).toContain('◂ 2m: crash prod-1');
    const labels = [...svg.matchAll(/class="tick"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    expect(new Set(labels).size).toBe(labels.length);
  });
});
