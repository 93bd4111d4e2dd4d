import { ScenarioError, validateScenario } from '../../model/loadScenario';
import { at, defineScenario, type ScenarioInput } from '../../scenarios/defineScenario';

describe('defineScenario', () => {
  it('should validate a script into a Scenario with durations in ms and defaults', () => {
    const scenario = defineScenario({
      name: 'partition-with-mirror-alive',
      duration: '3m',
      config: { heartbeat: { method: 'both', timeout: '5s' }, remoteCopy: { journalCapacity: 50 } },
      faults: [at('30s').partition({ for: '60s', direction: 'prod-to-standby' })],
      expect: { failover: false, failoverWithin: undefined, alerts: ['network-heartbeat-lost'] }
    });
    expect(scenario).toEqual({
      name: 'partition-with-mirror-alive',
      seed: 1,
      duration: 180_000,
      topology: { hostsPerGroup: 1, groups: 1 },
      config: { heartbeat: { method: 'both', timeout: 5000 }, remoteCopy: { journalCapacity: 50 } },
      faults: [
        {
          at: 30_000,
          action: 'partition',
          target: 'network',
          for: 60_000,
          direction: 'prod-to-standby'
        }
      ],
      expect: { failover: false, alerts: ['network-heartbeat-lost'] }
    });
  });

  it('should give a script exactly the error a file with the same content gets', () => {
    const input: ScenarioInput = {
      name: 'too-late',
      duration: '1m',
      faults: [at('2m').crash('prod-1')]
    };
    let scriptError: unknown;
    try {
      defineScenario(input, 'too-late.yaml');
    } catch (error) {
      scriptError = error;
    }
    expect(scriptError).toBeInstanceOf(ScenarioError);
    expect(() => validateScenario(JSON.parse(JSON.stringify(input)), 'too-late.yaml')).toThrow(
      (scriptError as Error).message
    );
    expect((scriptError as Error).message).toBe(
      'too-late.yaml: faults[0].at: expected a time within the scenario duration (1m), found 2m'
    );
  });

  it('should name the script in errors by default', () => {
    expect(() =>
      defineScenario({ name: 'fast', duration: '1m', config: { heartbeat: { timeout: '1s' } } })
    ).toThrow(
      'scenario "fast": config.heartbeat.timeout: expected a duration greater than heartbeat.interval (1s), found 1s'
    );
  });
});

describe('at(…) fault builders', () => {
  it('should build every action as a fault input with only the given keys', () => {
    const t = at('10s');
    expect([
      t.crash('prod-1'),
      t.crash('prod-storage', { for: '30s' }),
      t.recover('prod-1'),
      t.hang('prod-1', { for: '20s' }),
      t.partition(),
      t.heal(),
      t.cut({ for: 5000 }),
      t.restore(),
      t.degrade('remote-link', { latency: '50ms', loss: 0.2 }),
      t.ioError('prod-hb', { for: '3s' }),
      t.skew('standby-1', '-2s'),
      t.disaster('production'),
      t.setMethod('mirror'),
      t.install(),
      t.uninstall('app'),
      t.failback()
    ]).toEqual([
      { at: '10s', action: 'crash', target: 'prod-1' },
      { at: '10s', action: 'crash', target: 'prod-storage', for: '30s' },
      { at: '10s', action: 'recover', target: 'prod-1' },
      { at: '10s', action: 'hang', target: 'prod-1', for: '20s' },
      { at: '10s', action: 'partition' },
      { at: '10s', action: 'heal' },
      { at: '10s', action: 'cut', for: 5000 },
      { at: '10s', action: 'restore' },
      { at: '10s', action: 'degrade', target: 'remote-link', latency: '50ms', loss: 0.2 },
      { at: '10s', action: 'io-error', target: 'prod-hb', for: '3s' },
      { at: '10s', action: 'skew', target: 'standby-1', offset: '-2s' },
      { at: '10s', action: 'disaster', target: 'production' },
      { at: '10s', action: 'set-method', method: 'mirror' },
      { at: '10s', action: 'install' },
      { at: '10s', action: 'uninstall', group: 'app' },
      { at: '10s', action: 'failback' }
    ]);
  });

  it('should produce faults the schema accepts', () => {
    const scenario = defineScenario({
      name: 'everything',
      duration: '10m',
      config: { heartbeat: { bidirectional: true } },
      faults: [
        at('10s').crash('prod-1', { for: '30s' }),
        at('1m').hang('standby-1', { for: '10s' }),
        at('2m').degrade('network', { jitter: '3ms' }),
        at('3m').ioError('standby-rhb'),
        at('4m').skew('prod-1', '-1.5s', { for: '1m' }),
        at('5m').setMethod('network'),
        at('6m').uninstall(),
        at('7m').install('app'),
        at('8m').disaster('standby'),
        at('9m').failback()
      ]
    });
    expect(scenario.faults.map((f) => f.at)).toEqual([
      10_000, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000, 540_000
    ]);
    expect(scenario.faults[4]).toEqual({
      at: 240_000,
      action: 'skew',
      target: 'prod-1',
      for: 60_000,
      offset: -1500
    });
  });
});
