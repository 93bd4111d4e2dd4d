/**
 * The one error of scenario loading and validation. Its `message` is always one line:
 * `<source>: <field.path>: expected <what>, found <what>` (or `<source>: <what went wrong>` when
 * no field is concerned, e.g. a missing file).
 */

/** A rejected scenario: which source, which field, what was expected and found. */
export class ScenarioError extends Error {
  /** The file (as given) or script name the scenario came from. */
  readonly source: string;
  /** The field path, e.g. `faults[2].action`; empty for the whole document. */
  readonly path: string;
  /** The problem, e.g. `expected one of crash, …, found "explode"`. */
  readonly detail: string;

  constructor(source: string, path: string, detail: string) {
    const line = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    super(
      path ? `${line(source)}: ${line(path)}: ${line(detail)}` : `${line(source)}: ${line(detail)}`
    );
    this.name = 'ScenarioError';
    this.source = source;
    this.path = path;
    this.detail = line(detail);
  }
}

/** Format an issue path: `['faults', 2, 'action']` → `faults[2].action`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
