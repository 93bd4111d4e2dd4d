import { renderHtml } from '../../report/renderHtml';
import { renderJson } from '../../report/renderJson';
import { renderTerminal } from '../../report/renderTerminal';
import { at, defineScenario } from '../../scenarios/defineScenario';
import { runScenario } from '../../world/runScenario';

const VIOLATION = 'no lasting write outage that nothing explains and nobody attends';
const FINDING = 'no lasting write outage left to the operator (a finding, never a failure)';

describe('the availability monitor in the reports', () => {
  // The link cut, then restored: the data pair stays PSUE and every write is rejected.
  const run = runScenario(
    defineScenario({
      name: 'cut-restore',
      duration: '2m',
      faults: [at('20s').cut(), at('50s').restore()]
    })
  );

  it('should fail the run in the terminal report, with the evidence and the replay command', () => {
    const text = renderTerminal(run, { color: false });
    expect(text).toContain(`✘ ${VIOLATION}: app: the application could not write from 20.`);
    expect(text).toMatch(/data pair PSUE/);
    expect(text).toMatch(/replay: npx mirrorbeat run cut-restore --seed 1/);
    expect(text).toContain(`✔ ${FINDING}: none`);
    expect(text).toMatch(/^FAIL {2}1 of \d+ checks failed: no lasting write outage/m);
  });

  it('should list both entries in the JSON report, the violation not ok', () => {
    const json = JSON.parse(renderJson(run.report)) as {
      ok: boolean;
      invariants: { name: string; ok: boolean; detail: string }[];
    };
    expect(json.ok).toBe(false);
    const byName = new Map(json.invariants.map((i) => [i.name, i]));
    expect(byName.get(VIOLATION)?.ok).toBe(false);
    expect(byName.get(VIOLATION)?.detail).toMatch(/after every fault was over \(bound 19\.018s\)/);
    expect(byName.get(FINDING)).toEqual({ name: FINDING, ok: true, detail: 'none' });
  });

  it('should show it among the checks of the HTML report', () => {
    const html = renderHtml(run);
    expect(html).toContain(VIOLATION);
    expect(html).toContain(FINDING);
  });
});
