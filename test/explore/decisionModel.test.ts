import { createMachine, type AnyStateMachine } from 'xstate';
import { checkDecisionModel, MODEL_POLICIES, specVerdict } from '../../explore/decisionModel';
import {
  failureDecisionMachine,
  type FailureDecisionContext
} from '../../machines/failureDecisionMachine';
import type { PathStatus } from '../../model/statusTable';
import type { PairState } from '../../model/storageTypes';

const ctx = (
  network: PathStatus,
  mirror: PathStatus,
  pairState: PairState | null,
  method: FailureDecisionContext['method'] = 'both'
) => ({ network, mirror, pairState, method }) as FailureDecisionContext;

/** The decision statechart with one state's config replaced (a mutation). */
function mutate(edit: (states: Record<string, any>) => Record<string, any>): AnyStateMachine {
  const config = failureDecisionMachine.config as any;
  const on = config.states.on;
  return createMachine(
    { ...config, states: { ...config.states, on: { ...on, states: edit(on.states) } } },
    failureDecisionMachine.implementations as any
  );
}

describe('specVerdict (the oracle, SPEC §1.8 table)', () => {
  it.each([
    ['valid', 'valid', 'PAIR', 'both', 'running'],
    ['invalid', 'valid', 'PAIR', 'both', 'network-partitioned'],
    ['valid', 'invalid', 'PSUE', 'both', 'replication-down'],
    ['valid', 'invalid', 'PAIR', 'both', 'heartbeat-writer-fault'],
    ['invalid', 'invalid', 'PAIR', 'both', 'production-failed'],
    ['invalid', 'invalid', 'PSUE', 'both', 'site-isolated'],
    ['invalid', 'warning', 'PAIR', 'both', 'suspect'],
    ['invalid', 'valid', 'PAIR', 'network', 'production-failed'],
    ['valid', 'invalid', 'PSUE', 'mirror', 'replication-down'],
    ['valid', 'invalid', 'PAIR', 'mirror', 'production-failed'],
    ['invalid', 'suspended', 'PAIR', 'both', 'production-failed']
  ] as const)(
    'should give network %s × mirror %s × pair %s under %s → %s',
    (n, m, p, method, v) => {
      expect(specVerdict(ctx(n, m, p, method))).toBe(v);
    }
  );
});

describe('model check of the failure decision statechart (xstate/graph)', () => {
  it.each(MODEL_POLICIES.map((p) => [p.onSiteIsolation, p.selfFenceWait ?? 0, p] as const))(
    'should find no violation under %s (self-fence wait %d) over every order of the inputs',
    (_policy, _wait, options) => {
      const result = checkDecisionModel(options);
      expect(result.states).toBeGreaterThan(1000);
      expect(result.transitions).toBeGreaterThan(5 * result.states);
      expect(result.violations).toEqual([]);
    }
  );

  it.each(['network', 'mirror'] as const)('should hold when starting under method %s', (method) => {
    expect(checkDecisionModel({ onSiteIsolation: 'manual', method }).violations).toEqual([]);
  });

  it('should catch a decision that declares on a network partition, with the shortest path', () => {
    const logic = failureDecisionMachine.provide({
      guards: { productionFailed: ({ context }) => context.network === 'invalid' }
    });
    const { violations } = checkDecisionModel({ onSiteIsolation: 'manual', logic });
    const evidence = violations.find((v) => v.property === 'evidence')!;
    expect(evidence.detail).toMatch(/declared on network-partitioned evidence/);
    expect(evidence.path).toEqual([
      '{"type":"START"}',
      '{"type":"PATH.STATUS","path":"network","status":"invalid"}'
    ]);
  });

  it('should catch a declaration that a method change undoes (the failover would lose its owner)', () => {
    const logic = mutate((states) => {
      const { ['SET.METHOD']: _dropped, ...on } = states.declared.on;
      return { ...states, declared: { ...states.declared, on } };
    });
    const sticky = checkDecisionModel({ onSiteIsolation: 'manual', logic }).violations.find(
      (v) => v.property === 'sticky'
    )!;
    expect(sticky.detail).toMatch(/left declared on SET.METHOD/);
    expect(sticky.path).toHaveLength(3);
  });

  it('should catch a stale verdict (isolation that ignores a heartbeat coming back)', () => {
    const logic = mutate((states) => ({
      ...states,
      siteIsolated: {
        ...states.siteIsolated,
        on: { ...states.siteIsolated.on, 'PATH.STATUS': { actions: 'recordPath' } }
      }
    }));
    const table = checkDecisionModel({ onSiteIsolation: 'manual', logic }).violations.find(
      (v) => v.property === 'table'
    )!;
    expect(table.detail).toMatch(/verdict site-isolated, the table says/);
  });

  it('should catch a frozen decision that still acts', () => {
    const config = failureDecisionMachine.config as any;
    const logic = createMachine(
      {
        ...config,
        states: {
          ...config.states,
          frozen: { on: { ...config.states.frozen.on, 'TAKEOVER.REQUESTED': 'on.declared' } }
        }
      },
      failureDecisionMachine.implementations as any
    );
    const frozen = checkDecisionModel({ onSiteIsolation: 'manual', logic }).violations.find(
      (v) => v.property === 'frozen'
    )!;
    expect(frozen.path.slice(-2)).toEqual([
      '{"type":"FREEZE"}',
      '{"type":"TAKEOVER.REQUESTED","reason":"production asked"}'
    ]);
  });
});
