/**
 * The one error of scenario loading and validation. It carries every problem found in the
 * scenario, each printed on its own line:
 * `<source>[:<line>:<column>]: <field.path>: expected <what>, found <what>` (or
 * `<source>: <what went wrong>` when no field is concerned, e.g. a missing file). Whatever the
 * user wrote is printed shortened and with control characters escaped.
 */
import { describeValue, escapeControl, printable } from './describeValue';

/** One problem of a scenario. */
export interface ScenarioIssue {
  /** The field path, e.g. `faults[2].action`; empty for the whole document. */
  path: string;
  /** The problem, e.g. `expected one of crash, …, found "explode"`. */
  detail: string;
  /** Where in the file (1-based), when known. */
  line?: number;
  column?: number;
}

/** Longest file name printed (characters). */
const MAX_SOURCE = 200;

/** A rejected scenario: which source, and each field with what was expected and found. */
export class ScenarioError extends Error {
  /** The file (as given) or script name the scenario came from. */
  readonly source: string;
  /** The field path of the first problem, e.g. `faults[2].action`; empty for the whole document. */
  readonly path: string;
  /** The first problem, e.g. `expected one of crash, …, found "explode"`. */
  readonly detail: string;
  /** Every problem, in the order of the file (at least one). */
  readonly issues: readonly ScenarioIssue[];

  constructor(source: string, path: string, detail: string, position?: Position);
  constructor(source: string, issues: readonly ScenarioIssue[]);
  constructor(
    source: string,
    pathOrIssues: string | readonly ScenarioIssue[],
    detail = '',
    position?: Position
  ) {
    const issues = (
      typeof pathOrIssues === 'string'
        ? [{ path: pathOrIssues, detail, ...position }]
        : pathOrIssues
    ).map((issue) => ({ ...issue, path: oneLine(issue.path), detail: oneLine(issue.detail) }));
    if (issues.length === 0)
      issues.push({ path: '', detail: 'expected a scenario, found a problem' });
    super(issues.map((issue) => formatIssue(source, issue)).join('\n'));
    this.name = 'ScenarioError';
    this.source = source;
    this.path = issues[0].path;
    this.detail = issues[0].detail;
    this.issues = issues;
  }
}

/** A line and column (1-based). */
export interface Position {
  line: number;
  column: number;
}

/** One printed line: `source:line:column: path: detail`. */
export function formatIssue(source: string, issue: ScenarioIssue): string {
  const where = issue.line !== undefined ? `:${issue.line}:${issue.column ?? 1}` : '';
  const file = printable(oneLine(source), MAX_SOURCE) + where;
  return issue.path ? `${file}: ${issue.path}: ${issue.detail}` : `${file}: ${issue.detail}`;
}

function oneLine(text: string): string {
  return escapeControl(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Format an issue path: `['faults', 2, 'action']` → `faults[2].action`; a key that is not a
 * plain word is quoted (shortened, control characters escaped): `config["a b"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      if (!IDENTIFIER.test(name) || name.length > 60) out += `[${describeValue(name)}]`;
      else out += out === '' ? name : `.${name}`;
    }
  }
  return out;
}
