import { catalogue, findScenario } from '../../../scenarios/catalogue';
import { classifyActor } from '../../../inspector/view/actors';
import { renderTopologySvg } from '../../../inspector/view/topologySvg';
import { applyToWorld, createWorldState } from '../../../inspector/view/worldState';
import { runScenario } from '../../../world/runScenario';

function topologyAt(name: string, until: number): string {
  const run = runScenario(findScenario(name, catalogue), { trace: 'full', until });
  const world = createWorldState();
  for (const line of run.lines) applyToWorld(world, line);
  const actors = [...new Set(run.lines.map((l) => l.actor))].map((id) => classifyActor(id));
  return renderTopologySvg(world, actors, { width: 860 });
}

const attr = (svg: string, selector: RegExp) => selector.exec(svg)?.[1];

describe('FIG. 1 topology', () => {
  it('should draw the crashed host down, its programs stopped and the standby serving after the tour', () => {
    const svg = topologyAt('tour', 180_000);
    expect(svg).toContain('class="topo-host down" data-actor="prod-1" data-state="crashed"');
    expect(svg).toMatch(/class="topo-program stopped" data-actor="prod-1\/app"/);
    expect(svg).toMatch(/class="topo-program running" data-actor="standby-1\/app"/);
    expect(svg).toMatch(/class="topo-group serving" data-group="app" data-site="standby"/);
    expect(svg).not.toMatch(/class="topo-group serving" data-group="app" data-site="production"/);
    expect(attr(svg, /data-actor="data-pair" data-from="([^"]+)"/)).toBe('standby-data');
    expect(attr(svg, /data-actor="hb-pair" data-from="([^"]+)"/)).toBe('prod-hb');
  });

  it('should colour the partitioned network and the pairs by their state', () => {
    const svg = topologyAt('tour', 60_000);
    expect(svg).toMatch(/class="topo-network edge-bad"/);
    expect(svg).toMatch(/class="topo-link edge-idle"/);
    expect(svg).toMatch(/class="topo-pair pair-ok" data-actor="data-pair" data-from="prod-data"/);
  });

  it('should draw several groups and a bidirectional heartbeat pair', () => {
    const groups = topologyAt('several-groups', 10_000);
    for (const g of ['app', 'app2', 'app3']) {
      expect(groups).toContain(`data-group="${g}" data-site="production"`);
      expect(groups).toContain(`data-actor="${g === 'app' ? '' : `${g}-`}data-pair"`);
    }
    const bi = topologyAt('bidirectional-isolation', 10_000);
    expect(attr(bi, /data-actor="rhb-pair" data-from="([^"]+)"/)).toBe('standby-rhb');
    expect(attr(bi, /data-actor="hb-pair" data-from="([^"]+)"/)).toBe('prod-hb');
  });
});
