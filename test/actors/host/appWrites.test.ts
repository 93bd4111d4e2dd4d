/**
 * The application's writes on a production host alone on fake ports: the application statechart
 * hears a write's outcome only when it can change something — a failure while healthy, another
 * error while blocked, a success while blocked — not ten rejected writes a second of an outage.
 */
import { fakeHost, productionIdentity, refused } from './fakePorts';

describe("production host: the application's write outcomes", () => {
  it('should block on the first rejected write, hear the outage again only when its error changes, and unblock on a success', () => {
    const run = fakeHost(productionIdentity(false));
    run.host.start();
    run.sim.runUntil(5000);
    const app = run.host.get('app')!;
    expect(app.getSnapshot().matches({ running: 'healthy' })).toBe(true);
    const events: string[] = [];
    app.subscribe(() => events.push(String(app.getSnapshot().context.lastError)));
    const write = run.array.script.write;
    let answer: ReturnType<typeof refused> = refused('fenced');
    run.array.script.write = (volume, block, data) =>
      volume === 'prod-data' ? answer : write(volume, block, data);
    run.sim.runUntil(10_000);
    const rejected = run.array.of('write', 'prod-data').filter((w) => w.at >= 5000).length;
    expect(rejected).toBeGreaterThan(20);
    expect(app.getSnapshot().matches({ running: 'blocked' })).toBe(true);
    // One transition for the whole outage: the first rejection.
    expect(events).toEqual(['refused']);
    // Another error: heard once.
    answer = { ok: false, error: 'io-error', detail: 'media error' };
    run.sim.runUntil(12_000);
    expect(events).toEqual(['refused', 'io-error']);
    run.array.script.write = write;
    run.sim.runUntil(13_000);
    expect(app.getSnapshot().matches({ running: 'healthy' })).toBe(true);
    expect(events).toEqual(['refused', 'io-error', 'null']);
  });
});
