import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  SCENARIO_SCHEMA_FILE,
  scenarioJsonSchema,
  scenarioJsonSchemaText
} from '../../model/scenarioJsonSchema';
import { MAX_GROUPS, MAX_HOSTS_PER_GROUP } from '../../model/scenarioLimits';

interface Node {
  type?: string;
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
  pattern?: string;
  required?: string[];
  additionalProperties?: boolean;
  enum?: string[];
  maximum?: number;
}

const schema = scenarioJsonSchema() as Node;
const props = schema.properties!;

describe('the JSON Schema of a scenario file', () => {
  it('should be the committed docs/scenario.schema.json (run npm run schema)', () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', SCENARIO_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it('should require name and duration and refuse unknown keys at every level', () => {
    expect(schema.required).toEqual(['name', 'duration']);
    expect(schema.additionalProperties).toBe(false);
    expect(props.config.properties!.heartbeat.additionalProperties).toBe(false);
    expect(props.faults.items!.additionalProperties).toBe(false);
    expect(props.faults.items!.required).toEqual(['at', 'action']);
  });

  it('should carry the bounds of the zod schema', () => {
    expect(props.topology.properties!.groups.maximum).toBe(MAX_GROUPS);
    expect(props.topology.properties!.hostsPerGroup.maximum).toBe(MAX_HOSTS_PER_GROUP);
    expect(props.faults.items!.properties!.action.enum).toContain('partition');
  });

  it('should accept a duration as the parser does: a string with units or a number of ms', () => {
    const duration = props.duration;
    expect(duration.anyOf!.map((n) => n.type)).toEqual(['string', 'number']);
    const pattern = new RegExp(duration.anyOf![0].pattern!);
    for (const ok of ['250ms', '5s', '2m', '1h', '1.5s', '1m30s', '1h 30m', '95', ' 3 s ']) {
      expect(pattern.test(ok)).toBe(true);
    }
    for (const bad of ['5 sec', '1d', 's', '', 'abc']) expect(pattern.test(bad)).toBe(false);
  });
});
