/** `--workers`, `--shard i/n`, `--queue` and `--batch`: checked, and one line when they are wrong. */
import { parseParallelFlags, shardRange } from '../../cli/parallelFlags';
import { captureCli } from '../explore/captureCli';

describe('parseParallelFlags', () => {
  it('should read workers, shard, queue and batch', () => {
    expect(parseParallelFlags('explore', {})).toEqual({
      workers: undefined,
      shard: null,
      queue: null,
      batch: undefined
    });
    expect(parseParallelFlags('sweep', { workers: '3', shard: '2/5', batch: '10' })).toEqual({
      workers: 3,
      shard: { index: 2, count: 5 },
      queue: null,
      batch: 10
    });
    expect(parseParallelFlags('explore', { queue: 'redis://127.0.0.1:6379' }).queue).toBe(
      'redis://127.0.0.1:6379'
    );
  });

  it.each([
    [
      { workers: '0' },
      'mirrorbeat explore: --workers: expected an integer from 1 to 256, found "0"'
    ],
    [
      { shard: '0/3' },
      'mirrorbeat explore: --shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/4), found "0/3"'
    ],
    [
      { queue: 'http://x:1' },
      'mirrorbeat explore: --queue: expected redis://host:port, found "http://x:1"'
    ],
    [
      { shard: '1/2', queue: 'redis://h:1' },
      'mirrorbeat explore: expected at most one of --shard and --queue, found both'
    ]
  ])('should refuse %j', (flags, message) => {
    expect(() => parseParallelFlags('explore', flags)).toThrow(message);
  });

  it('should cut the runs into shards that cover them once', () => {
    const ranges = [1, 2, 3].map((index) => shardRange({ index, count: 3 }, 10));
    expect(ranges).toEqual([
      [0, 3],
      [3, 6],
      [6, 10]
    ]);
  });
});

describe('a queue nobody answers', () => {
  it.each([
    [['explore', '--random', '2'], 'explore'],
    [['sweep', 'async-loss'], 'sweep'],
    [['worker'], 'worker']
  ])('should end %j in one line, exit 2', async (argv, command) => {
    const r = await captureCli([...argv, '--queue', 'redis://127.0.0.1:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `mirrorbeat ${command}: --queue: expected a Redis server answering at redis://127.0.0.1:1, found ECONNREFUSED\n`
    );
  });
});

describe('mirrorbeat worker', () => {
  it.each([
    [[], 'mirrorbeat worker: --queue: expected redis://host:port, found nothing'],
    [
      ['--queue', 'redis://127.0.0.1:1', '--lock-duration', '10ms'],
      'mirrorbeat worker: --lock-duration: expected a duration of at least 1s, found "10ms"'
    ],
    [
      ['--queue', 'redis://127.0.0.1:1', '--workers', 'all'],
      'mirrorbeat worker: --workers: expected an integer from 1 to 256, found "all"'
    ]
  ])('should exit 2 with one line for %j', async (args, line) => {
    const r = await captureCli(['worker', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${line}\n`);
  });
});
