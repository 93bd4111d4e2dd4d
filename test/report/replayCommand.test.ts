import { execFileSync } from 'node:child_process';
import { CONTROL_CHARACTERS } from '../../model/describeValue';
import { replayCommand, shellQuote } from '../../report/replayCommand';

describe('replayCommand', () => {
  it('should give the command that replays a run', () => {
    expect(replayCommand({ scenario: 'tour', seed: 7, until: 90_000 })).toBe(
      'npx mirrorbeat run tour --seed 7 --until 1.5m'
    );
  });

  it.each([
    'plain.yaml',
    "it's here.yaml",
    'a b/c.yaml',
    'x\u001b[31mred.yaml',
    "tab\there\\'q.yaml"
  ])(
    'should quote %j so that the shell gives it back, never printing a control character raw',
    (word) => {
      const quoted = shellQuote(word);
      expect(CONTROL_CHARACTERS.test(quoted)).toBe(false);
      expect(execFileSync('bash', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' })).toBe(word);
    }
  );
});
