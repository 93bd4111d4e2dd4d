import { DEFAULT_CONFIG } from '../../model/config';
import { ScenarioError, validateScenario } from '../../model/loadScenario';
import type { AlertKind } from '../../model/scenario';
import { ALERT_KINDS, knownIds, scenarioSchema } from '../../model/scenarioSchema';

const base = { name: 'probe', duration: '3m' };

/** The one-line error of validating `raw` as bad.yaml. */
function errorOf(raw: unknown): string {
  try {
    validateScenario(raw, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message;
  }
  throw new Error('expected the scenario to be rejected');
}

const fault = (entry: Record<string, unknown>) => ({ ...base, faults: [entry] });

describe('scenario schema', () => {
  it('should apply the defaults and keep only the configuration keys given', () => {
    const scenario = validateScenario(
      { ...base, config: { heartbeat: { timeout: '8s' }, workload: { writesPerSecond: 20 } } },
      'ok.yaml'
    );
    expect(scenario).toEqual({
      name: 'probe',
      seed: 1,
      duration: 180_000,
      topology: { hostsPerGroup: 1, groups: 1 },
      config: { heartbeat: { timeout: 8000 }, workload: { writesPerSecond: 20 } },
      faults: [],
      expect: {}
    });
  });

  it('should parse every field of the SPEC §4.2 example', () => {
    const scenario = scenarioSchema.parse({
      name: 'partition-with-mirror-alive',
      description: 'the network partitions, the mirror stays',
      seed: 7,
      duration: '3m',
      topology: { hostsPerGroup: 2 },
      config: {
        heartbeat: { method: 'both', interval: '1s', timeout: '5s', pollInterval: '1s' },
        network: { latency: '2ms', jitter: '1ms', loss: 0 },
        remoteCopy: { mode: 'sync', latency: '5ms', fenceLevel: 'data', journalCapacity: 1000 },
        failover: { onSiteIsolation: 'manual', confirmWait: '0s' },
        workload: { writesPerSecond: 10 }
      },
      faults: [{ at: '30s', action: 'partition', target: 'network', for: '60s' }],
      expect: {
        failover: false,
        splitBrain: false,
        maxLostWrites: 0,
        alerts: ['network-heartbeat-lost']
      }
    });
    expect(scenario.seed).toBe(7);
    expect(scenario.description).toBe('the network partitions, the mirror stays');
    expect(scenario.topology).toEqual({ hostsPerGroup: 2, groups: 1 });
    expect(scenario.config.heartbeat).toEqual({
      method: 'both',
      interval: 1000,
      timeout: 5000,
      pollInterval: 1000
    });
    expect(scenario.config.network).toEqual({ latency: 2, jitter: 1, loss: 0 });
    expect(scenario.faults).toEqual([
      { at: 30_000, action: 'partition', target: 'network', for: 60_000, direction: 'both' }
    ]);
    expect(scenario.expect).toEqual({
      failover: false,
      splitBrain: false,
      maxLostWrites: 0,
      alerts: ['network-heartbeat-lost']
    });
  });

  it('should fill the default target of partition, heal, cut and restore', () => {
    const scenario = validateScenario(
      {
        ...base,
        faults: [
          { at: '1s', action: 'partition', direction: 'prod-to-standby' },
          { at: '2s', action: 'heal' },
          { at: '3s', action: 'cut', for: '10s' },
          { at: '4s', action: 'restore' }
        ]
      },
      'ok.yaml'
    );
    expect(scenario.faults).toEqual([
      { at: 1000, action: 'partition', target: 'network', direction: 'prod-to-standby' },
      { at: 2000, action: 'heal', target: 'network' },
      { at: 3000, action: 'cut', target: 'remote-link', for: 10_000 },
      { at: 4000, action: 'restore', target: 'remote-link' }
    ]);
  });

  it('should accept every action with its allowed target and parameters', () => {
    const faults = [
      { at: '1s', action: 'crash', target: 'prod-1', for: '5s' },
      { at: '1s', action: 'crash', target: 'standby-storage' },
      { at: '1s', action: 'recover', target: 'prod-storage' },
      { at: '1s', action: 'hang', target: 'standby-1', for: '30s' },
      { at: '1s', action: 'degrade', target: 'remote-link', latency: '20ms', jitter: 5, loss: 0.1 },
      { at: '1s', action: 'degrade', target: 'network', loss: 1 },
      { at: '1s', action: 'io-error', target: 'standby-hb', for: '3s' },
      { at: '1s', action: 'skew', target: 'prod-1', offset: '-2s' },
      { at: '1s', action: 'disaster', target: 'production' },
      { at: '1s', action: 'set-method', method: 'mirror' },
      { at: '1s', action: 'install' },
      { at: '1s', action: 'uninstall', group: 'app' },
      { at: '3m', action: 'failback' }
    ];
    const scenario = validateScenario({ ...base, faults }, 'ok.yaml');
    expect(scenario.faults).toHaveLength(faults.length);
    expect(scenario.faults[7]).toEqual({
      at: 1000,
      action: 'skew',
      target: 'prod-1',
      offset: -2000
    });
  });

  it('should know the reverse heartbeat volumes only when heartbeats are bidirectional', () => {
    const io = { at: '1s', action: 'io-error', target: 'prod-rhb' };
    expect(() =>
      validateScenario(
        { ...base, config: { heartbeat: { bidirectional: true } }, faults: [io] },
        'ok.yaml'
      )
    ).not.toThrow();
    expect(errorOf({ ...base, faults: [io] })).toBe(
      'bad.yaml: faults[0].target: expected a volume id (prod-data, standby-data, prod-hb, standby-hb), found "prod-rhb" (it exists only with config.heartbeat.bidirectional: true)'
    );
  });

  it('should accept a scenario as JSON numbers of ms as well as duration strings', () => {
    const scenario = validateScenario(
      { name: 'n', duration: 60_000, faults: [{ at: 0, action: 'crash', target: 'prod-1' }] },
      'ok.json'
    );
    expect(scenario.duration).toBe(60_000);
    expect(scenario.faults[0].at).toBe(0);
  });

  const rejected: [string, unknown, string][] = [
    // Document and top-level fields.
    [
      'a document that is not an object',
      ['name'],
      'bad.yaml: expected a scenario (an object with name, duration, …), found a list'
    ],
    [
      'a missing name',
      { duration: '3m' },
      'bad.yaml: name: expected a non-empty single-line name, found nothing'
    ],
    [
      'an empty name',
      { ...base, name: '' },
      'bad.yaml: name: expected a non-empty single-line name, found ""'
    ],
    [
      'a missing duration',
      { name: 'x' },
      'bad.yaml: duration: expected a duration such as "250ms", "5s", "2m", "1h" or a number of ms, found nothing'
    ],
    [
      'a malformed duration',
      { ...base, duration: '3 minutes' },
      'bad.yaml: duration: expected a duration such as "250ms", "5s", "2m", "1h" or a number of ms, found "3 minutes"'
    ],
    [
      'a zero duration',
      { ...base, duration: 0 },
      'bad.yaml: duration: expected a duration greater than 0, found 0ms'
    ],
    [
      'a non-integer seed',
      { ...base, seed: 1.5 },
      'bad.yaml: seed: expected an integer from 0 to 4294967295, found 1.5'
    ],
    [
      'a seed given as a string',
      { ...base, seed: '7' },
      'bad.yaml: seed: expected an integer from 0 to 4294967295, found "7"'
    ],
    // Unknown keys at several depths.
    [
      'an unknown top-level key',
      { ...base, faultz: [] },
      'bad.yaml: faultz: expected one of the keys name, description, seed, duration, topology, config, faults, expect, found an unknown key (did you mean "faults"?)'
    ],
    [
      'an unknown configuration section',
      { ...base, config: { heartbeats: {} } },
      'bad.yaml: config.heartbeats: expected one of the keys heartbeat, network, remoteCopy, storage, failover, hosts, workload, found an unknown key (did you mean "heartbeat"?)'
    ],
    [
      'an unknown heartbeat setting',
      { ...base, config: { heartbeat: { intervall: '1s' } } },
      'bad.yaml: config.heartbeat.intervall: expected one of the keys method, interval, timeout, pollInterval, bidirectional, selfFenceAfter, ioTimeout, found an unknown key (did you mean "interval"?)'
    ],
    [
      'an unknown key in a fault',
      fault({ at: '1s', action: 'cut', duration: '5s' }),
      'bad.yaml: faults[0].duration: expected one of the keys at, action, target, for, direction, latency, jitter, loss, offset, method, group, found an unknown key'
    ],
    [
      'an unknown topology key',
      { ...base, topology: { hosts: 2 } },
      'bad.yaml: topology.hosts: expected one of the keys hostsPerGroup, groups, found an unknown key'
    ],
    [
      'an unknown expectation',
      { ...base, expect: { failovers: false } },
      'bad.yaml: expect.failovers: expected one of the keys failover, detectionWithin, failoverWithin, maxUnavailable, splitBrain, maxLostWrites, alerts, falseFailover, converges, found an unknown key (did you mean "failover"?)'
    ],
    [
      'a misspelt required key (the unknown key is reported first)',
      { name: 'x', durration: '3m' },
      'bad.yaml: durration: expected one of the keys name, description, seed, duration, topology, config, faults, expect, found an unknown key (did you mean "duration"?)\n' +
        'bad.yaml: duration: expected a duration such as "250ms", "5s", "2m", "1h" or a number of ms, found nothing'
    ],
    // Configuration values.
    [
      'an unknown checking method',
      { ...base, config: { heartbeat: { method: 'serial' } } },
      'bad.yaml: config.heartbeat.method: expected one of network, mirror, both, found "serial"'
    ],
    [
      'a section that is not an object',
      { ...base, config: { network: 'fast' } },
      'bad.yaml: config.network: expected the network settings (an object), found "fast"'
    ],
    [
      'a negative duration',
      { ...base, config: { network: { latency: '-1ms' } } },
      'bad.yaml: config.network.latency: expected a non-negative duration, found "-1ms"'
    ],
    [
      'a negative number of ms',
      { ...base, config: { failover: { confirmWait: -5 } } },
      'bad.yaml: config.failover.confirmWait: expected a non-negative duration, found -5'
    ],
    [
      'a loss above 1',
      { ...base, config: { network: { loss: 1.5 } } },
      'bad.yaml: config.network.loss: expected a probability from 0 to 1, found 1.5'
    ],
    [
      'a negative remote copy loss',
      { ...base, config: { remoteCopy: { loss: -0.1 } } },
      'bad.yaml: config.remoteCopy.loss: expected a probability from 0 to 1, found -0.1'
    ],
    [
      'a boolean given as a string',
      { ...base, config: { heartbeat: { bidirectional: 'yes' } } },
      'bad.yaml: config.heartbeat.bidirectional: expected true or false, found "yes"'
    ],
    [
      'an empty journal',
      { ...base, config: { remoteCopy: { journalCapacity: 0 } } },
      'bad.yaml: config.remoteCopy.journalCapacity: expected an integer from 1 to 10000000, found 0'
    ],
    [
      'an unknown site isolation policy',
      { ...base, config: { failover: { onSiteIsolation: 'automatc' } } },
      'bad.yaml: config.failover.onSiteIsolation: expected one of manual, automatic, tiebreaker, found "automatc" (did you mean "automatic"?)'
    ],
    [
      'a topology without hosts',
      { ...base, topology: { hostsPerGroup: 0 } },
      'bad.yaml: topology.hostsPerGroup: expected an integer from 1 to 64, found 0'
    ],
    // Cross-field checks on the resolved configuration.
    [
      'a heartbeat timeout not above the interval',
      { ...base, config: { heartbeat: { timeout: '500ms' } } },
      'bad.yaml: config.heartbeat.timeout: expected a duration greater than heartbeat.interval (1s), found 500ms'
    ],
    [
      'a heartbeat timeout equal to the interval',
      { ...base, config: { heartbeat: { interval: '2s', timeout: '2s' } } },
      'bad.yaml: config.heartbeat.timeout: expected a duration greater than heartbeat.interval (2s), found 2s'
    ],
    [
      'an interval above the default timeout',
      { ...base, config: { heartbeat: { interval: '10s' } } },
      'bad.yaml: config.heartbeat.interval: expected a duration less than heartbeat.timeout (5s), found 10s'
    ],
    [
      'a zero interval',
      { ...base, config: { heartbeat: { interval: 0 } } },
      'bad.yaml: config.heartbeat.interval: expected a duration of at least 10ms, found 0ms'
    ],
    [
      'a zero poll interval',
      { ...base, config: { heartbeat: { pollInterval: '0s' } } },
      'bad.yaml: config.heartbeat.pollInterval: expected a duration of at least 10ms, found 0ms'
    ],
    [
      'a poll interval above the timeout',
      { ...base, config: { heartbeat: { pollInterval: '6s' } } },
      'bad.yaml: config.heartbeat.pollInterval: expected a duration at most heartbeat.timeout (5s), found 6s'
    ],
    [
      'a timeout below the default poll interval',
      { ...base, config: { heartbeat: { interval: '100ms', timeout: '500ms' } } },
      'bad.yaml: config.heartbeat.timeout: expected a duration at least heartbeat.pollInterval (1s), found 500ms'
    ],
    // Faults.
    [
      'faults that are not a list',
      { ...base, faults: { at: '1s' } },
      'bad.yaml: faults: expected a list of faults, found an object'
    ],
    [
      'an unknown action',
      {
        ...base,
        faults: [
          { at: '1s', action: 'crash', target: 'prod-1' },
          { at: '2s', action: 'cut' },
          { at: '3s', action: 'explode' }
        ]
      },
      'bad.yaml: faults[2].action: expected one of crash, recover, hang, partition, heal, cut, restore, degrade, io-error, skew, foreign-heartbeat, isolate, disaster, set-method, install, uninstall, failback, resync, found "explode"'
    ],
    [
      'a fault without a time',
      fault({ action: 'cut' }),
      'bad.yaml: faults[0].at: expected a duration such as "250ms", "5s", "2m", "1h" or a number of ms, found nothing'
    ],
    [
      'a fault at a negative time',
      fault({ at: '-1s', action: 'cut' }),
      'bad.yaml: faults[0].at: expected a non-negative duration, found "-1s"'
    ],
    [
      'a fault after the end of the run',
      fault({ at: '4m', action: 'cut' }),
      'bad.yaml: faults[0].at: expected a time within the scenario duration (3m), found 4m'
    ],
    [
      'an unknown host',
      fault({ at: '1s', action: 'crash', target: 'prod-3' }),
      'bad.yaml: faults[0].target: expected a host id (prod-1, standby-1) or a storage id (prod-storage, standby-storage), found "prod-3" (did you mean "prod-1"?)'
    ],
    [
      'a crash without a target',
      fault({ at: '1s', action: 'crash' }),
      'bad.yaml: faults[0].target: expected a host id (prod-1, standby-1) or a storage id (prod-storage, standby-storage), found nothing'
    ],
    [
      'a hang of a storage subsystem',
      fault({ at: '1s', action: 'hang', target: 'prod-storage', for: '5s' }),
      'bad.yaml: faults[0].target: expected a host id (prod-1, standby-1), found "prod-storage"'
    ],
    [
      'a hang without for',
      fault({ at: '1s', action: 'hang', target: 'prod-1' }),
      'bad.yaml: faults[0].for: expected a duration greater than 0 (required by "hang"), found nothing'
    ],
    [
      'a zero for',
      fault({ at: '1s', action: 'hang', target: 'prod-1', for: 0 }),
      'bad.yaml: faults[0].for: expected a duration greater than 0, found 0ms'
    ],
    [
      'a partition of the remote link',
      fault({ at: '1s', action: 'partition', target: 'remote-link' }),
      'bad.yaml: faults[0].target: expected the network (network), found "remote-link"'
    ],
    [
      'a direction on heal',
      fault({ at: '1s', action: 'heal', direction: 'both' }),
      'bad.yaml: faults[0].direction: expected no direction for action "heal" (it takes target), found "both"'
    ],
    [
      'an unknown partition direction',
      fault({ at: '1s', action: 'partition', direction: 'prod-to-prod' }),
      'bad.yaml: faults[0].direction: expected one of both, prod-to-standby, standby-to-prod, found "prod-to-prod"'
    ],
    [
      'a cut of the network',
      fault({ at: '1s', action: 'cut', target: 'network' }),
      'bad.yaml: faults[0].target: expected the remote link (remote-link), found "network"'
    ],
    [
      'a for on restore',
      fault({ at: '1s', action: 'restore', for: '5s' }),
      'bad.yaml: faults[0].for: expected no for for action "restore" (it takes target), found 5s'
    ],
    [
      'a degrade with no parameter',
      fault({ at: '1s', action: 'degrade', target: 'network' }),
      'bad.yaml: faults[0]: expected at least one of latency, jitter, loss for action "degrade", found none of them'
    ],
    [
      'a degrade of a host',
      fault({ at: '1s', action: 'degrade', target: 'prod-1', loss: 0.5 }),
      'bad.yaml: faults[0].target: expected the network (network) or the remote link (remote-link), found "prod-1"'
    ],
    [
      'a degrade with a loss above 1',
      fault({ at: '1s', action: 'degrade', target: 'network', loss: 2 }),
      'bad.yaml: faults[0].loss: expected a probability from 0 to 1, found 2'
    ],
    [
      'an io-error on an unknown volume',
      fault({ at: '1s', action: 'io-error', target: 'prod-hb2' }),
      'bad.yaml: faults[0].target: expected a volume id (prod-data, standby-data, prod-hb, standby-hb), found "prod-hb2" (did you mean "prod-hb"?)'
    ],
    [
      'a latency on an io-error',
      fault({ at: '1s', action: 'io-error', target: 'prod-hb', latency: '5ms' }),
      'bad.yaml: faults[0].latency: expected no latency for action "io-error" (it takes target, for), found 5ms'
    ],
    [
      'a skew without an offset',
      fault({ at: '1s', action: 'skew', target: 'prod-1' }),
      'bad.yaml: faults[0].offset: expected a duration (may be negative) (required by "skew"), found nothing'
    ],
    [
      'a skew with a malformed offset',
      fault({ at: '1s', action: 'skew', target: 'prod-1', offset: 'two seconds' }),
      'bad.yaml: faults[0].offset: expected a duration such as "250ms", "5s", "2m", "1h" or a number of ms, found "two seconds"'
    ],
    [
      'an offset on a crash',
      fault({ at: '1s', action: 'crash', target: 'prod-1', offset: '2s' }),
      'bad.yaml: faults[0].offset: expected no offset for action "crash" (it takes target, for), found 2s'
    ],
    [
      'a disaster at an unknown site',
      fault({ at: '1s', action: 'disaster', target: 'dr' }),
      'bad.yaml: faults[0].target: expected a site (production, standby), found "dr"'
    ],
    [
      'a set-method without a method',
      fault({ at: '1s', action: 'set-method' }),
      'bad.yaml: faults[0].method: expected one of network, mirror, both (required by "set-method"), found nothing'
    ],
    [
      'a set-method with a target',
      fault({ at: '1s', action: 'set-method', method: 'both', target: 'prod-1' }),
      'bad.yaml: faults[0].target: expected no target for action "set-method" (it takes method), found "prod-1"'
    ],
    [
      'an install of an unknown group',
      fault({ at: '1s', action: 'install', group: 'app2' }),
      'bad.yaml: faults[0].group: expected a group name (app), found "app2" (did you mean "app"?)'
    ],
    [
      'a failback with a parameter',
      fault({ at: '1s', action: 'failback', group: 'app' }),
      'bad.yaml: faults[0].group: expected no group for action "failback" (it takes no parameters), found "app"'
    ],
    // Expectations.
    [
      'an unknown alert kind',
      { ...base, expect: { alerts: ['network-heartbeat-lots'] } },
      `bad.yaml: expect.alerts[0]: expected one of ${ALERT_KINDS.join(', ')}, found "network-heartbeat-lots" (did you mean "network-heartbeat-lost"?)`
    ],
    [
      'a zero failoverWithin',
      { ...base, expect: { failoverWithin: '0s' } },
      'bad.yaml: expect.failoverWithin: expected a duration greater than 0, found 0ms'
    ],
    [
      'failoverWithin when no failover is expected',
      { ...base, expect: { failover: false, failoverWithin: '8s' } },
      'bad.yaml: expect.failoverWithin: expected no failoverWithin when expect.failover is false, found 8s'
    ],
    [
      'a negative maxLostWrites',
      { ...base, expect: { maxLostWrites: -1 } },
      'bad.yaml: expect.maxLostWrites: expected an integer of at least 0, found -1'
    ],
    [
      'a failover expectation that is not a boolean',
      { ...base, expect: { failover: 'no' } },
      'bad.yaml: expect.failover: expected true or false, found "no"'
    ]
  ];

  it.each(rejected)('should reject %s', (_title, raw, message) => {
    expect(errorOf(raw)).toBe(message);
  });

  it('should give one line per problem, each naming the file', () => {
    for (const [, raw] of rejected) {
      const error = errorOf(raw);
      for (const line of error.split('\n')) expect(line).toMatch(/^bad\.yaml: /);
    }
  });
});

describe('knownIds', () => {
  it('should name the ids of the default two-site topology', () => {
    const ids = knownIds({ hostsPerGroup: 1, groups: 1 });
    expect(ids.hosts).toEqual(['prod-1', 'standby-1']);
    expect(ids.storages).toEqual(['prod-storage', 'standby-storage']);
    expect(ids.volumes).toEqual(['prod-data', 'standby-data', 'prod-hb', 'standby-hb']);
    expect(ids.groupNames).toEqual(['app']);
    expect(ids.links).toEqual(['remote-link']);
    expect(ids.networks).toEqual(['network']);
    expect(ids.sites).toEqual(['production', 'standby']);
  });

  it('should prefix the hosts and volumes of groups after the first', () => {
    const ids = knownIds({ hostsPerGroup: 2, groups: 2 }, { bidirectional: true });
    expect(ids.hosts).toEqual([
      'prod-1',
      'prod-2',
      'standby-1',
      'standby-2',
      'app2-prod-1',
      'app2-prod-2',
      'app2-standby-1',
      'app2-standby-2'
    ]);
    expect(ids.groups[1]).toEqual({
      name: 'app2',
      productionHosts: ['app2-prod-1', 'app2-prod-2'],
      standbyHosts: ['app2-standby-1', 'app2-standby-2'],
      data: { primary: 'app2-prod-data', secondary: 'app2-standby-data' },
      heartbeat: { primary: 'app2-prod-hb', secondary: 'app2-standby-hb' },
      reverseHeartbeat: { primary: 'app2-standby-rhb', secondary: 'app2-prod-rhb' }
    });
    expect(ids.volumes).toContain('standby-rhb');
    expect(ids.volumes).toContain('prod-rhb');
  });

  it('should accept ids of larger topologies in faults', () => {
    expect(() =>
      validateScenario(
        {
          ...base,
          topology: { hostsPerGroup: 3, groups: 3 },
          faults: [
            { at: '1s', action: 'crash', target: 'app3-standby-3' },
            { at: '2s', action: 'io-error', target: 'app2-prod-hb' },
            { at: '3s', action: 'install', group: 'app3' }
          ]
        },
        'ok.yaml'
      )
    ).not.toThrow();
  });
});

describe('ALERT_KINDS', () => {
  it('should list each alert kind once, all valid in expectations', () => {
    expect(new Set(ALERT_KINDS).size).toBe(ALERT_KINDS.length);
    const alerts: AlertKind[] = [...ALERT_KINDS];
    expect(validateScenario({ ...base, expect: { alerts } }, 'ok.yaml').expect.alerts).toEqual(
      alerts
    );
  });

  it('should leave the defaults to resolveConfig', () => {
    expect(DEFAULT_CONFIG.heartbeat.timeout).toBeGreaterThan(DEFAULT_CONFIG.heartbeat.interval);
  });
});
