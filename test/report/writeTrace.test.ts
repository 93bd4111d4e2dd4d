import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serializeLine, type TraceLine } from '../../sim/createTrace';
import { writeTrace } from '../../report/writeTrace';

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
});
