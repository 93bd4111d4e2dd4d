/**
 * Mutation checks, end to end: every monitor can fail. Unsafe configurations and mutated host
 * programs (a receiver whose timeout never fires, a decision that declares on warnings, an
 * application that never starts) must be caught, with time, evidence and the replay command; and
 * the monitors only watch — a run's trace hash is the same with or without them.
 */
import { failureDecisionMachine } from '../../machines/failureDecisionMachine';
import { receiverMachine } from '../../machines/receiverMachine';
import { applicationMachine } from '../../machines/applicationMachine';
import { resolveConfig } from '../../model/config';
import { createSimulation } from '../../sim';
import { at, defineScenario } from '../../scenarios/defineScenario';
import { findScenario } from '../../scenarios/catalogue';
import { scheduleFaults } from '../../world/applyFaults';
import { createCluster } from '../../world/createCluster';
import { runScenario } from '../../world/runScenario';
import { MONITOR_NAMES } from '../../monitors/monitorReport';

const failed = (run: ReturnType<typeof runScenario>) =>
  run.report.invariants.filter((i) => !i.ok).map((i) => i.name);

describe('mutation checks: each monitor fires', () => {
  it('split brain: method network, fence level never, partition and link cut', () => {
    const run = runScenario(
      defineScenario({
        name: 'unsafe-split-brain',
        duration: '60s',
        config: { heartbeat: { method: 'network' }, remoteCopy: { fenceLevel: 'never' } },
        faults: [at('20s').partition(), at('20s').cut()]
      })
    );
    expect(run.report.outcome.splitBrain).toBe(true);
    expect(run.report.outcome.divergentWrites).toBeGreaterThan(0);
    expect(failed(run)).toEqual([MONITOR_NAMES.splitBrain]);
    const detail = run.report.invariants.find((i) => !i.ok)!.detail!;
    expect(detail).toMatch(/writes acknowledged at both sites/);
    expect(detail).toMatch(/evidence: .*svol-takeover/);
    expect(detail).toMatch(/replay: npx mirrorbeat run unsafe-split-brain --seed 1$/);
    // It is also a false failover, reported as a finding.
    expect(run.report.outcome.falseFailover).toBe(true);
  });

  it('false failover: method network under a partition is a finding, not a failure', () => {
    const scenario = defineScenario({
      name: 'classic',
      duration: '60s',
      config: { heartbeat: { method: 'network' }, remoteCopy: { fenceLevel: 'never' } },
      faults: [at('20s').partition({ for: '20s' })]
    });
    const run = runScenario(scenario);
    expect(run.report.outcome.falseFailover).toBe(true);
    expect(run.report.invariants.every((i) => i.ok)).toBe(true);
    const entry = run.report.invariants.find((i) => i.name === MONITOR_NAMES.falseFailover)!;
    expect(entry.detail).toMatch(
      /^finding \(app: inherent\): app: failover declared by standby-1 while production could serve/
    );
    // A scenario that expects none fails on it.
    const strict = runScenario({ ...scenario, expect: { falseFailover: false } });
    expect(strict.report.expectations).toEqual([
      expect.objectContaining({ name: 'falseFailover', ok: false })
    ]);
  });

  it('failover evidence: a decision that declares on warnings', () => {
    const triggerHappy = failureDecisionMachine.provide({
      guards: { productionFailed: ({ context }) => context.network === 'warning' }
    });
    const run = runScenario(
      defineScenario({ name: 'trigger-happy', duration: '40s', faults: [at('20s').partition()] }),
      { machines: { decision: triggerHappy } }
    );
    expect(failed(run)).toContain(MONITOR_NAMES.failoverEvidence);
    const detail = run.report.invariants.find((i) => i.name === MONITOR_NAMES.failoverEvidence)!;
    expect(detail.detail).toMatch(/no invalid heartbeat \(network warning, mirror valid\)/);
  });

  it('liveness: a receiver whose timeout never fires misses a production crash', () => {
    const blind = receiverMachine.provide({ delays: { untilInvalid: 1e12 } });
    const scenario = defineScenario({
      name: 'blind',
      duration: '60s',
      faults: [at('20s').crash('prod-1')]
    });
    const run = runScenario(scenario, { machines: { receiver: blind } });
    expect(run.report.outcome.failover.happened).toBe(false);
    expect(failed(run)).toEqual([MONITOR_NAMES.failoverLiveness]);
    const detail = run.report.invariants.find((i) => !i.ok)!.detail!;
    expect(detail).toMatch(
      /production could not serve from 20.000s and the standby neither declared a failure nor asked the operator by 28.009s/
    );
    expect(detail).toMatch(/20.000s prod-1 \(production\) is crashed/);
    // The same scenario with the real receiver passes.
    expect(failed(runScenario(scenario))).toEqual([]);
  });

  it('lost writes: held to zero loss, an asynchronous copy loses writes in a disaster', () => {
    const scenario = defineScenario({
      name: 'async-disaster',
      duration: '40s',
      config: {
        remoteCopy: { mode: 'async', latency: '200ms' },
        failover: { onSiteIsolation: 'automatic' },
        workload: { writesPerSecond: 100 }
      },
      faults: [at('20s').disaster('production')]
    });
    const measured = runScenario(scenario);
    expect(measured.report.outcome.lostWrites).toBeGreaterThan(0);
    expect(failed(measured)).toEqual([]);
    const held = runScenario(scenario, { monitors: { zeroLoss: 'always' } });
    expect(failed(held)).toEqual([MONITOR_NAMES.lostWrites]);
    expect(held.report.invariants.find((i) => !i.ok)!.detail).toMatch(
      /write\(s\) acknowledged at prod-data are missing from standby-data at the takeover/
    );
  });

  it('convergence: an application that never starts leaves no site serving after the heal', () => {
    const stuck = applicationMachine.provide({ delays: { startTime: 1e12 } });
    const scenario = defineScenario({
      name: 'stuck',
      duration: '60s',
      faults: [at('10s').partition({ for: '2s' })],
      expect: { converges: true }
    });
    const run = runScenario(scenario, { machines: { app: stuck } });
    expect(run.report.expectations).toEqual([
      expect.objectContaining({ name: 'converges', ok: false })
    ]);
    expect(run.monitors.findings.convergence[0].summary).toMatch(/no site runs the application/);
    const healthy = runScenario(scenario);
    expect(healthy.report.expectations).toEqual([
      expect.objectContaining({ name: 'converges', ok: true })
    ]);
  });
});

describe('monitors only watch', () => {
  it.each(['hang-long', 'partition-network-method', 'site-disaster-sync', 'isolation-tiebreaker'])(
    'should leave the trace hash of %s unchanged',
    (name) => {
      const scenario = findScenario(name);
      const sim = createSimulation({ seed: scenario.seed, trace: 'hash' });
      const cluster = createCluster(sim, {
        config: resolveConfig(scenario.config),
        topology: scenario.topology
      });
      cluster.start();
      scheduleFaults(cluster, scenario.faults, () => undefined);
      sim.runUntil(scenario.duration);
      expect(runScenario(scenario).report.traceHash).toBe(sim.trace.hash());
    }
  );
});
