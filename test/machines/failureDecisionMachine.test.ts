import { createActor } from 'xstate';
import {
  failureDecisionMachine,
  type FailureDecisionEmitted,
  type FailureDecisionInput
} from '../../machines/failureDecisionMachine';
import type { PathStatus } from '../../model/statusTable';
import type { PairState } from '../../model/storageTypes';
import { createSimClock } from '../../sim';

function decide(
  input: Partial<FailureDecisionInput>,
  net: PathStatus,
  mirror: PathStatus,
  pair: PairState | null
) {
  const clock = createSimClock();
  const actor = createActor(failureDecisionMachine, {
    clock,
    input: {
      method: 'both',
      onSiteIsolation: 'manual',
      selfFenceWait: 0,
      tiebreakerRetry: 5000,
      group: 'app',
      ...input
    }
  });
  const out: FailureDecisionEmitted[] = [];
  actor.on('*', (e) => out.push(e as FailureDecisionEmitted));
  actor.start();
  actor.send({ type: 'START' });
  actor.send({ type: 'PAIR.STATE', state: pair });
  actor.send({ type: 'PATH.STATUS', path: 'network', status: net });
  actor.send({ type: 'PATH.STATUS', path: 'mirror', status: mirror });
  return { actor, out, clock };
}

const declared = (out: FailureDecisionEmitted[]) => out.some((e) => e.type === 'failure.declared');
const alerts = (out: FailureDecisionEmitted[]) =>
  out.filter((e) => e.type === 'alert').map((e) => (e.type === 'alert' ? e.kind : ''));

describe('failureDecisionMachine (SPEC §1.8, method both)', () => {
  it.each([
    ['valid', 'valid', 'PAIR', 'running', false, []],
    ['invalid', 'valid', 'PAIR', 'network-partitioned', false, ['network-partitioned']],
    ['valid', 'invalid', 'PSUE', 'replication-down', false, ['replication-down']],
    ['valid', 'invalid', 'PSUS', 'replication-down', false, ['replication-down']],
    ['valid', 'invalid', 'PAIR', 'heartbeat-writer-fault', false, ['heartbeat-writer-fault']],
    ['invalid', 'invalid', 'PAIR', 'production-failed', true, ['failure-declared']],
    ['invalid', 'invalid', 'PSUE', 'site-isolated', false, ['operator-decision-required']]
  ] as const)(
    'should decide network %s × mirror %s × pair %s → %s',
    (net, mirror, pair, verdict, fails, kinds) => {
      const { actor, out } = decide({}, net, mirror, pair);
      expect(actor.getSnapshot().context.verdict).toBe(verdict);
      expect(declared(out)).toBe(fails);
      // Paths are reported one after the other, so the last alert is the verdict's.
      expect(alerts(out).slice(-1)).toEqual(kinds.slice(-1));
      if (kinds.length === 0) expect(alerts(out)).toEqual([]);
    }
  );

  it('should wait, without alerting, while one path is invalid and the other only aging', () => {
    const { actor, out } = decide({}, 'valid', 'warning', 'PAIR');
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    expect(actor.getSnapshot().context.verdict).toBe('suspect');
    expect(alerts(out)).toEqual([]);
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'invalid' });
    expect(declared(out)).toBe(true);
  });

  it('should treat warnings as alive', () => {
    const { out } = decide({}, 'warning', 'warning', 'PAIR');
    expect(declared(out)).toBe(false);
  });
});

describe('failureDecisionMachine (methods network and mirror)', () => {
  it('should fail over on a network partition under method network (the classic design)', () => {
    const { out } = decide({ method: 'network' }, 'invalid', 'suspended', 'PAIR');
    expect(declared(out)).toBe(true);
  });

  it('should read PSUE + stale as replication down under method mirror', () => {
    const { out, actor } = decide({ method: 'mirror' }, 'suspended', 'invalid', 'PSUE');
    expect(declared(out)).toBe(false);
    expect(actor.getSnapshot().context.verdict).toBe('replication-down');
  });

  it('should declare failure on PAIR + stale under method mirror', () => {
    const { out } = decide({ method: 'mirror' }, 'suspended', 'invalid', 'PAIR');
    expect(declared(out)).toBe(true);
  });
});

describe('failureDecisionMachine (onSiteIsolation)', () => {
  it('should take over at once under automatic without self-fencing', () => {
    const { out } = decide({ onSiteIsolation: 'automatic' }, 'invalid', 'invalid', 'PSUE');
    expect(declared(out)).toBe(true);
  });

  it('should wait selfFenceAfter under automatic with self-fencing production', () => {
    const { out, clock } = decide(
      { onSiteIsolation: 'automatic', selfFenceWait: 10_000 },
      'invalid',
      'invalid',
      'PSUE'
    );
    expect(declared(out)).toBe(false);
    clock.runUntil(9_999);
    expect(declared(out)).toBe(false);
    clock.runUntil(10_000);
    expect(declared(out)).toBe(true);
  });

  it('should not restart the self-fence wait on news that leaves the site isolated', () => {
    const { out, clock, actor } = decide(
      { onSiteIsolation: 'automatic', selfFenceWait: 10_000 },
      'invalid',
      'invalid',
      'PSUE'
    );
    clock.runUntil(4_000);
    actor.send({ type: 'SET.METHOD', method: 'both' });
    actor.send({ type: 'PAIR.STATE', state: null });
    clock.runUntil(8_000);
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    clock.runUntil(9_999);
    expect(declared(out)).toBe(false);
    clock.runUntil(10_000);
    expect(declared(out)).toBe(true);
  });

  it('should ask the operator once while the isolation lasts, whatever news comes', () => {
    const { out, actor } = decide({}, 'invalid', 'invalid', 'PSUE');
    actor.send({ type: 'PAIR.STATE', state: null });
    actor.send({ type: 'SET.METHOD', method: 'both' });
    expect(alerts(out).filter((k) => k === 'operator-decision-required')).toHaveLength(1);
    // A heartbeat back ends the isolation; losing it again is a new isolation, asked again.
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'valid' });
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'invalid' });
    expect(alerts(out).filter((k) => k === 'operator-decision-required')).toHaveLength(2);
  });

  it('should ask the tiebreaker and declare only when granted', () => {
    const { out, actor } = decide({ onSiteIsolation: 'tiebreaker' }, 'invalid', 'invalid', 'PSUE');
    expect(out.some((e) => e.type === 'tiebreaker.request')).toBe(true);
    actor.send({ type: 'TIEBREAKER.DENIED', holder: 'production' });
    expect(declared(out)).toBe(false);
    expect(alerts(out)).toContain('operator-decision-required');
    actor.send({ type: 'TIEBREAKER.GRANTED' });
    expect(declared(out)).toBe(false); // not asking any more until the retry
  });

  it('should retry a denied tiebreaker request and declare when granted', () => {
    const { out, actor, clock } = decide(
      { onSiteIsolation: 'tiebreaker' },
      'invalid',
      'invalid',
      'PSUE'
    );
    actor.send({ type: 'TIEBREAKER.DENIED', holder: 'production' });
    clock.runUntil(5000);
    expect(out.filter((e) => e.type === 'tiebreaker.request')).toHaveLength(2);
    actor.send({ type: 'TIEBREAKER.GRANTED' });
    expect(declared(out)).toBe(true);
  });

  it('should go back to running when a heartbeat comes back during isolation', () => {
    const { actor, out } = decide({}, 'invalid', 'invalid', 'PSUE');
    actor.send({ type: 'PATH.STATUS', path: 'network', status: 'valid' });
    expect(actor.getSnapshot().context.verdict).toBe('replication-down');
    expect(declared(out)).toBe(false);
  });

  it('should declare at once when production asks for a takeover', () => {
    const { actor, out } = decide({}, 'valid', 'valid', 'PAIR');
    actor.send({ type: 'TAKEOVER.REQUESTED', reason: 'data volume does not answer' });
    expect(out.find((e) => e.type === 'failure.declared')).toMatchObject({
      verdict: 'takeover-requested'
    });
  });

  it('should not declare again when a hung host resumes in declared', () => {
    const { actor, out } = decide({}, 'invalid', 'invalid', 'PAIR');
    expect(out.filter((e) => e.type === 'failure.declared')).toHaveLength(1);
    actor.send({ type: 'FREEZE' });
    actor.send({ type: 'RESUME' });
    expect(actor.getSnapshot().matches({ on: 'declared' })).toBe(true);
    expect(out.filter((e) => e.type === 'failure.declared')).toHaveLength(1);
    expect(alerts(out).filter((k) => k === 'failure-declared')).toHaveLength(1);
  });

  it('should stay declared whatever the news until RESET (the failover owns the group)', () => {
    const { actor, out } = decide({}, 'valid', 'valid', 'PAIR');
    actor.send({ type: 'TAKEOVER.REQUESTED', reason: 'array silent' });
    actor.send({ type: 'SET.METHOD', method: 'both' });
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'valid' });
    actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
    actor.send({ type: 'TAKEOVER.REQUESTED', reason: 'repeat' });
    expect(actor.getSnapshot().matches({ on: 'declared' })).toBe(true);
    expect(out.filter((e) => e.type === 'failure.declared')).toHaveLength(1);
  });

  it('should judge again after RESET and declare a new failure once', () => {
    const { actor, out } = decide({}, 'valid', 'valid', 'PAIR');
    actor.send({ type: 'TAKEOVER.REQUESTED', reason: 'first' });
    actor.send({ type: 'TAKEOVER.REQUESTED', reason: 'ignored while declared' });
    actor.send({ type: 'RESET' });
    expect(actor.getSnapshot().matches({ on: 'running' })).toBe(true);
    actor.send({ type: 'TAKEOVER.REQUESTED', reason: 'second' });
    expect(
      out
        .filter((e) => e.type === 'failure.declared')
        .map((e) => e.type === 'failure.declared' && e.reason)
    ).toEqual(['production requested takeover: first', 'production requested takeover: second']);
  });
});

const verdictOf = (
  input: Partial<FailureDecisionInput>,
  net: PathStatus,
  mirror: PathStatus,
  pair: PairState | null
) => decide(input, net, mirror, pair).actor.getSnapshot().context.verdict;

describe('failureDecisionMachine (the paths a method watches, rows suspended)', () => {
  it('should start with the rows of the unwatched path suspended', () => {
    const start = (method: FailureDecisionInput['method']) => {
      const actor = createActor(failureDecisionMachine, {
        input: {
          method,
          onSiteIsolation: 'manual',
          selfFenceWait: 0,
          tiebreakerRetry: 5000,
          group: 'app'
        }
      });
      actor.start();
      const { network, mirror, pairState, verdict, announced, blindAsked } =
        actor.getSnapshot().context;
      return { network, mirror, pairState, verdict, announced, blindAsked };
    };
    const fresh = { pairState: 'PAIR', verdict: 'running', announced: false, blindAsked: false };
    expect(start('both')).toEqual({ network: 'valid', mirror: 'valid', ...fresh });
    expect(start('network')).toEqual({ network: 'valid', mirror: 'suspended', ...fresh });
    expect(start('mirror')).toEqual({ network: 'suspended', mirror: 'valid', ...fresh });
  });

  it('should ignore the network path under method mirror, whatever its row says', () => {
    expect(verdictOf({ method: 'mirror' }, 'invalid', 'valid', 'PAIR')).toBe('running');
    expect(verdictOf({ method: 'mirror' }, 'invalid', 'valid', 'PSUE')).toBe('running');
    // Only the mirror counts: stale with the pair suspended is replication down, not isolation.
    expect(verdictOf({ method: 'mirror' }, 'invalid', 'invalid', 'PSUE')).toBe('replication-down');
  });

  it('should ignore the mirror path under method network, whatever its row says', () => {
    expect(verdictOf({ method: 'network' }, 'valid', 'invalid', 'PSUE')).toBe('running');
    expect(verdictOf({ method: 'network' }, 'valid', 'invalid', 'PAIR')).toBe('running');
    expect(verdictOf({ method: 'network' }, 'valid', 'suspended', 'PAIR')).toBe('running');
  });

  it('should fail over on the one path left when the other row is suspended under method both', () => {
    expect(verdictOf({}, 'suspended', 'invalid', 'PAIR')).toBe('production-failed');
    expect(verdictOf({}, 'invalid', 'suspended', 'PSUE')).toBe('production-failed');
    expect(verdictOf({}, 'suspended', 'invalid', 'PSUE')).toBe('replication-down');
  });

  it('should decide nothing while every watched row is suspended', () => {
    const { actor, out } = decide({ method: 'network' }, 'suspended', 'invalid', 'PAIR');
    expect(actor.getSnapshot().context.verdict).toBe('running');
    expect(out).toEqual([]);
  });

  it('should call a stale mirror with the pair neither in PAIR nor suspended only suspect', () => {
    expect(verdictOf({ method: 'mirror' }, 'valid', 'invalid', 'COPY')).toBe('suspect');
  });

  it('should wait on a stale mirror while the network heartbeat is only aging', () => {
    expect(verdictOf({}, 'warning', 'invalid', 'PSUE')).toBe('suspect');
    expect(verdictOf({}, 'warning', 'invalid', 'PAIR')).toBe('suspect');
  });

  it('should raise nothing on a suspended pair while both heartbeats are fresh', () => {
    const { actor, out } = decide({}, 'valid', 'valid', 'PSUE');
    expect(actor.getSnapshot().context.verdict).toBe('running');
    expect(out).toEqual([]);
  });

  it('should call a lost network with a fresh mirror a partition even with the pair suspended', () => {
    expect(verdictOf({}, 'invalid', 'valid', 'PSUE')).toBe('network-partitioned');
  });

  it('should follow a method change at once, with the evidence it already has', () => {
    const { actor, out } = decide({}, 'invalid', 'valid', 'PAIR');
    expect(actor.getSnapshot().context.verdict).toBe('network-partitioned');
    actor.send({ type: 'SET.METHOD', method: 'network' });
    expect(actor.getSnapshot().context.method).toBe('network');
    expect(out.find((e) => e.type === 'failure.declared')).toMatchObject({
      verdict: 'production-failed'
    });
  });
});

describe('failureDecisionMachine (news during a site isolation)', () => {
  const isolatedWaiting = () =>
    decide({ onSiteIsolation: 'automatic', selfFenceWait: 10_000 }, 'invalid', 'invalid', 'PSUE');

  it('should declare at once when the heartbeat pair turns out to be in PAIR', () => {
    const { actor, out, clock } = isolatedWaiting();
    clock.runUntil(1_000);
    expect(declared(out)).toBe(false);
    actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
    // At 1 s, not at the end of the 10 s self-fence wait.
    expect(declared(out)).toBe(true);
  });

  it('should wait out the self-fence from a method change to the network alone, then declare', () => {
    const { actor, out, clock } = isolatedWaiting();
    clock.runUntil(1_000);
    expect(declared(out)).toBe(false);
    actor.send({ type: 'SET.METHOD', method: 'network' });
    expect(actor.getSnapshot().context.method).toBe('network');
    // The network alone cannot tell a dead production from one fencing itself: 10 s more.
    clock.runUntil(10_999);
    expect(declared(out)).toBe(false);
    clock.runUntil(11_000);
    expect(declared(out)).toBe(true);
  });
});

describe('failureDecisionMachine (verdict bookkeeping)', () => {
  it('should alert once per verdict, however many reports repeat it', () => {
    const { actor, out } = decide({}, 'invalid', 'valid', 'PAIR');
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'valid' });
    actor.send({ type: 'PAIR.STATE', state: 'PAIR' });
    expect(out).toEqual([
      {
        type: 'alert',
        kind: 'network-partitioned',
        detail:
          'network heartbeat lost but mirror heartbeat alive: network partitioned, no failover (network invalid, mirror valid, heartbeat pair PAIR)'
      }
    ]);
  });

  it('should give the reason of a production failure with its evidence', () => {
    const { out } = decide({}, 'invalid', 'invalid', 'PAIR');
    expect(out.filter((e) => e.type === 'failure.declared')).toEqual([
      {
        type: 'failure.declared',
        verdict: 'production-failed',
        reason:
          'production host group failed (network invalid, mirror invalid, heartbeat pair PAIR)'
      }
    ]);
  });

  it('should declare an automatic takeover as a site isolation, with the unknown pair named', () => {
    const { out } = decide({ onSiteIsolation: 'automatic' }, 'invalid', 'invalid', null);
    expect(out.filter((e) => e.type === 'failure.declared')).toEqual([
      {
        type: 'failure.declared',
        verdict: 'site-isolated',
        reason:
          'site isolation, automatic takeover (network invalid, mirror invalid, heartbeat pair unknown)'
      }
    ]);
  });

  it('should give the tiebreaker grant as the reason of the takeover', () => {
    const { actor, out } = decide({ onSiteIsolation: 'tiebreaker' }, 'invalid', 'invalid', 'PSUS');
    actor.send({ type: 'TIEBREAKER.GRANTED' });
    expect(out.filter((e) => e.type === 'failure.declared')).toEqual([
      {
        type: 'failure.declared',
        verdict: 'site-isolated',
        reason:
          'site isolation, tiebreaker granted takeover (network invalid, mirror invalid, heartbeat pair PSUS)'
      }
    ]);
  });

  it('should name the pair state when it asks the operator about an isolation', () => {
    const { out } = decide({}, 'invalid', 'invalid', 'PSUE');
    expect(out.filter((e) => e.type === 'alert').slice(-1)).toEqual([
      {
        type: 'alert',
        kind: 'operator-decision-required',
        detail:
          'app: both heartbeats lost and the heartbeat pair is PSUE — site isolation or site disaster; operator decision required'
      }
    ]);
  });
});

describe('failureDecisionMachine (method mirror, blind to the network)', () => {
  const blindQuestions = (out: FailureDecisionEmitted[]) =>
    out.filter((e) => e.type === 'alert' && e.kind === 'operator-decision-required');

  it('should ask the operator once per replication-down verdict, and again after one ends', () => {
    const { actor, out } = decide({ method: 'mirror' }, 'suspended', 'invalid', 'PSUE');
    expect(blindQuestions(out)).toEqual([
      {
        type: 'alert',
        kind: 'operator-decision-required',
        detail:
          'app: mirror heartbeat stale with the heartbeat pair PSUE and no network heartbeat watched — a remote-link failure and a production site disaster look the same; no takeover, operator decision required'
      }
    ]);
    expect(actor.getSnapshot().context.blindAsked).toBe(true);
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'invalid' });
    actor.send({ type: 'PAIR.STATE', state: 'PSUS' });
    expect(blindQuestions(out)).toHaveLength(1);
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'valid' });
    expect(actor.getSnapshot().context).toMatchObject({ verdict: 'running', blindAsked: false });
    actor.send({ type: 'PATH.STATUS', path: 'mirror', status: 'invalid' });
    expect(blindQuestions(out)).toHaveLength(2);
    expect(declared(out)).toBe(false);
  });

  it('should not ask when the network heartbeat says production lives', () => {
    const { actor, out } = decide({}, 'valid', 'invalid', 'PSUE');
    expect(actor.getSnapshot().matches({ on: { replicationDown: 'productionAlive' } })).toBe(true);
    expect(blindQuestions(out)).toEqual([]);
  });
});
