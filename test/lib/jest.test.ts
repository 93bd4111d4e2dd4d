/**
 * The jest matchers of `mirrorbeat/jest`: registered on import, on real runs and on hand-made
 * reports, with messages that show the evidence.
 */
import '../../lib/jest';
import { mirrorbeatMatchers as m } from '../../lib/jest';
import { catalogue, runScenario } from '../../lib/index';
import { makeFailingRun, makeReport, makeRun } from '../report/makeRun';

const crash = runScenario(catalogue['prod-host-crash'].scenario);
const quiet = makeRun();
const failing = makeFailingRun();

describe('mirrorbeat/jest matchers on real runs', () => {
  it('should pass on a production crash that fails over in time, without split brain', () => {
    expect(crash).toFailOver();
    expect(crash).toFailOverWithin('10s');
    expect(crash).toDetectWithin(8007);
    expect(crash).toHaveNoSplitBrain();
    expect(crash).toRaiseAlert('failure-declared');
    expect(crash).toRaiseAlert('network-heartbeat-lost', { source: 'standby-1' });
    expect(crash).toLoseAtMost(0);
    expect(crash.report).toFailOver();
  });

  it('should negate with .not', () => {
    expect(quiet).not.toFailOver();
    expect(quiet).not.toFailOverWithin('1h');
    expect(quiet).not.toRaiseAlert('failover-completed');
    expect(crash).not.toFailOverWithin('1s');
  });
});

describe('mirrorbeat/jest messages', () => {
  it('should say none was declared and show the alerts when no failover happened', () => {
    const result = m.toFailOver(quiet);
    expect(result.pass).toBe(false);
    const message = result.message();
    expect(message).toContain('expected a failover, but none was declared');
    expect(message).toContain('35.012s network-heartbeat-lost (standby-1)');
    expect(message).toContain('scenario partition-with-mirror-alive, seed 7');
  });

  it('should give the failover time and the failed checks when too slow', () => {
    const result = m.toFailOverWithin(failing, '8s');
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('expected a failover within 8s, but it took 8500 ms after');
    expect(result.message()).toContain('✘ failover in time: late by 500ms');
  });

  it('should measure detection from the report', () => {
    expect(m.toDetectWithin(failing, '6s').pass).toBe(true);
    const slow = m.toDetectWithin(failing, '5s');
    expect(slow.pass).toBe(false);
    expect(slow.message()).toContain('expected a detection within 5s, but it took 6000 ms');
  });

  it('should count divergent writes for split brain', () => {
    const split = makeReport({
      outcome: { ...makeReport().outcome, splitBrain: true, divergentWrites: 12 }
    });
    const result = m.toHaveNoSplitBrain(split);
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('but 12 writes were accepted at both sites');
  });

  it('should name the alert and the source asked for', () => {
    const result = m.toRaiseAlert(quiet, 'network-heartbeat-lost', { source: 'standby-2' });
    expect(result.pass).toBe(false);
    expect(result.message()).toContain(
      'expected a network-heartbeat-lost from standby-2 alert, but none was raised'
    );
  });

  it('should give the number of lost writes', () => {
    const result = m.toLoseAtMost(failing, 2);
    expect(result.pass).toBe(false);
    expect(result.message()).toContain('expected at most 2 lost writes, but 3 acknowledged');
    expect(m.toLoseAtMost(failing, 3).pass).toBe(true);
  });

  it('should refuse what is not a run, and a bad duration', () => {
    expect(() => m.toFailOver({ nope: 1 })).toThrow(
      'toFailOver: expected a scenario run (what runScenario returns) or its report, found an object with keys nope'
    );
    expect(() => m.toFailOverWithin(crash, 'soon')).toThrow(/^toFailOverWithin: expected/);
    expect(() => m.toLoseAtMost(crash, -1)).toThrow(/whole number/);
  });
});
