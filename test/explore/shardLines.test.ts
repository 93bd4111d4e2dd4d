/**
 * Shards: `--shard i/n` prints one slice of an exploration or a sweep as JSON lines, and
 * `mirrorbeat merge` puts them back together — the summary of the unsharded run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureCli, timelessJson } from './captureCli';

jest.setTimeout(120_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorbeat-shards-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => captureCli(argv);

describe('explore --shard and merge', () => {
  it('should merge three shards into the summary of the unsharded run', async () => {
    const args = ['explore', '--random', '10', '--seed', '5', '--duration', '40s'];
    const flags = ['--config', 'partition-network-method', '--out', dir, '--workers', '1'];
    const whole = await cli([...args, ...flags, '--json']);
    const files: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const r = await cli([...args, ...flags, '--shard', shard]);
      expect(r.stdout.split('\n')[0]).toContain('"type":"mirrorbeat-shard"');
      const file = path.join(dir, `shard-${shard.replace('/', 'of')}.jsonl`);
      writeFileSync(file, r.stdout);
      files.push(file);
    }
    const merged = await cli(['merge', ...files, '--out', dir, '--json']);
    expect(merged.code).toBe(whole.code);
    expect(timelessJson(merged.stdout)).toEqual(timelessJson(whole.stdout));
    // The text report too, but for the wall-clock line.
    const text = async (argv: string[]) =>
      (await cli(argv)).stdout.replace(/^ran \d+ schedules in .*$/m, 'ran …');
    expect(await text(['merge', ...files, '--out', dir])).toBe(await text([...args, ...flags]));
    expect(
      (JSON.parse(whole.stdout) as { findings: { falseFailover: number } }).findings.falseFailover
    ).toBeGreaterThan(0);
  });

  it('should refuse shards that miss schedules, overlap or are truncated, in one line', async () => {
    const args = ['explore', '--random', '4', '--duration', '30s', '--out', dir, '--workers', '1'];
    const one = await cli([...args, '--shard', '1/2']);
    const a = path.join(dir, 'a.jsonl');
    writeFileSync(a, one.stdout);
    const missing = await cli(['merge', a]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `${a}: expected every schedule once, found schedules 2–3 are missing\n`
    );
    const twice = await cli(['merge', a, a]);
    expect(twice.stderr).toMatch(
      /^\S+, \S+: expected every schedule once, found schedules 0–\d appear twice\n$/
    );
    const cut = path.join(dir, 'cut.jsonl');
    writeFileSync(cut, one.stdout.split('\n').slice(0, 2).join('\n'));
    const truncated = await cli(['merge', cut]);
    expect(truncated.stderr).toBe(
      `${cut}: line 2: expected an end line, found a truncated shard\n`
    );
    const other = await cli([
      'explore',
      '--random',
      '4',
      '--seed',
      '9',
      '--duration',
      '30s',
      '--out',
      dir,
      '--workers',
      '1',
      '--shard',
      '2/2'
    ]);
    const b = path.join(dir, 'b.jsonl');
    writeFileSync(b, other.stdout);
    const mixed = await cli(['merge', a, b]);
    expect(mixed.stderr).toBe(
      `${b}: line 1: expected a shard of the same explore as ${a}, found another one\n`
    );
    expect(readFileSync(a, 'utf8').trim().split('\n').pop()).toContain('"type":"end"');
  });

  it('should reject a bad --shard in one line', async () => {
    const r = await cli(['explore', '--random', '4', '--shard', '3/2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'mirrorbeat explore: --shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/4), found "3/2"\n'
    );
  });
});

describe('sweep --shard and merge', () => {
  it('should merge two sweep shards into the table of the unsharded sweep', async () => {
    const file = path.join(dir, 'tiny.yaml');
    writeFileSync(
      file,
      'name: tiny\nseeds: 3\nduration: 40s\ngrid:\n  heartbeat.method: [network, both]\nfaults: [crash, partition]\n'
    );
    const whole = await cli(['sweep', file, '--json', '--workers', '1']);
    const parts: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const r = await cli(['sweep', file, '--shard', shard, '--workers', '1']);
      const out = path.join(dir, `s${parts.length}.jsonl`);
      writeFileSync(out, r.stdout);
      parts.push(out);
    }
    const merged = await cli(['merge', ...parts, '--json']);
    expect(timelessJson(merged.stdout)).toEqual(timelessJson(whole.stdout));
    expect((JSON.parse(whole.stdout) as { runs: number }).runs).toBe(12);
  });
});
