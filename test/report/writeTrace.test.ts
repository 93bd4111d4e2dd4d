import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serializeLine, type TraceLine } from '../../sim/createTrace';
import {
  isTraceHeader,
  openTraceWriter,
  scenarioFromHeader,
  traceHeader,
  writeTrace,
  type TraceHeader
} from '../../report/writeTrace';
import { ScenarioError } from '../../model/scenarioError';
import { loadScenarioFile } from '../../model/loadScenario';
import { findScenario } from '../../scenarios/catalogue';
import { runScenario } from '../../world/runScenario';
import { version } from '../../package.json';

describe('writeTrace', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-trace-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should write one serialized JSON line per trace line', () => {
    const lines: TraceLine[] = [
      { t: 0, actor: 'prod-1', type: 'START', state: 'running' },
      { t: 1001, actor: 'standby-1/receiver', type: 'HB', payload: { serial: 2 }, state: 'valid' }
    ];
    const file = path.join(dir, 'trace.jsonl');
    writeTrace(file, lines);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(lines.map(serializeLine).join('\n') + '\n');
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as TraceLine)
    ).toEqual(lines);
  });

  it('should write long traces in chunks without losing a line', () => {
    const lines: TraceLine[] = Array.from({ length: 10_000 }, (_, i) => ({
      t: i,
      actor: 'a',
      type: 'TICK'
    }));
    const file = path.join(dir, 'long.jsonl');
    writeTrace(file, lines);
    const written = readFileSync(file, 'utf8').trim().split('\n');
    expect(written).toHaveLength(10_000);
    expect(JSON.parse(written[9999])).toEqual({ t: 9999, actor: 'a', type: 'TICK' });
  });

  it('should write an empty file for an empty trace', () => {
    const file = path.join(dir, 'empty.jsonl');
    writeTrace(file, []);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('should write the header first when given', () => {
    const scenario = findScenario('prod-host-crash');
    const header = traceHeader(scenario, { seed: 9 });
    const file = path.join(dir, 'header.jsonl');
    writeTrace(file, [{ t: 0, actor: 'a', type: 'TICK' }], header);
    const [first, second] = readFileSync(file, 'utf8').trim().split('\n');
    const parsed = JSON.parse(first) as TraceHeader;
    expect(isTraceHeader(parsed)).toBe(true);
    expect(isTraceHeader(JSON.parse(second))).toBe(false);
    expect(parsed).toMatchObject({
      type: 'mirrorbeat-trace',
      format: 1,
      mirrorbeat: version,
      scenario: 'prod-host-crash',
      seed: 9,
      durationMs: scenario.duration,
      topology: scenario.topology,
      faults: scenario.faults
    });
    // The resolved configuration: every section, every default filled in.
    expect(parsed.config.heartbeat.interval).toBeGreaterThan(0);
    expect(Object.keys(parsed.config).sort()).toEqual(
      ['failover', 'heartbeat', 'hosts', 'network', 'remoteCopy', 'storage', 'workload'].sort()
    );
  });

  it('should keep the first write error and throw it on close, dropping later lines', () => {
    const writer = openTraceWriter('/dev/full');
    writer.write('x'.repeat(2 << 20));
    expect(writer.error).toBeDefined();
    writer.write('{}');
    expect(() => writer.close()).toThrow(/ENOSPC/);
  });
});

describe('a streamed trace', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-stream-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should hold exactly the lines of a full trace, with the same hash, and re-create the run from its header', () => {
    const scenario = findScenario('prod-host-crash');
    const full = runScenario(scenario, { trace: 'full' });
    const file = path.join(dir, 'run.jsonl');
    const writer = openTraceWriter(file, traceHeader(scenario));
    const streamed = runScenario(scenario, {
      trace: 'hash',
      onLine: (_line, json) => writer.write(json)
    });
    writer.close();
    expect(streamed.lines).toHaveLength(0);
    expect(streamed.report.traceHash).toBe(full.report.traceHash);
    const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toEqual(full.lines.map(serializeLine));
    expect(lines).toHaveLength(full.report.events);

    const again = scenarioFromHeader(JSON.parse(header) as TraceHeader);
    const rerun = runScenario(again, { seed: again.seed });
    expect(rerun.report.traceHash).toBe(full.report.traceHash);
    expect(rerun.report.events).toBe(full.report.events);
    // `mirrorbeat run run.jsonl` loads the same scenario from the header alone.
    expect(loadScenarioFile(file)).toEqual(again);
  });

  it('should reject a header that is not a valid scenario, naming the field', () => {
    const header = traceHeader(findScenario('prod-host-crash'));
    const bad = { ...header, topology: { hostsPerGroup: 1, groups: 1e9 } };
    expect(() => scenarioFromHeader(bad, 'run.jsonl header')).toThrow(ScenarioError);
    expect(() => scenarioFromHeader(bad, 'run.jsonl header')).toThrow(
      'run.jsonl header: topology.groups: expected an integer from 1 to 5000, found 1000000000'
    );
  });
});
