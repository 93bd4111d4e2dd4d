/**
 * Loading scenario files (YAML or JSON) and validating scenario objects. Everything that can go
 * wrong ends in one {@link ScenarioError} with a one-line message naming the file, the field and
 * what was expected.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Scenario } from './scenario';
import { ScenarioError, formatPath } from './scenarioError';
import { scenarioSchema } from './scenarioSchema';

export { ScenarioError } from './scenarioError';

/** Largest scenario file accepted (bytes). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Validate a raw scenario object (parsed YAML/JSON or a script's object literal).
 *
 * @param raw - the scenario as written: durations as strings (`"5s"`) or ms.
 * @param source - the file name or script name to put in error messages.
 * @returns the scenario with durations in ms, defaults applied (config stays as overrides).
 * @throws {@link ScenarioError} naming the first invalid field.
 */
export function validateScenario(raw: unknown, source: string): Scenario {
  const result = scenarioSchema.safeParse(raw);
  if (result.success) return result.data;
  // An unknown key explains most of the other complaints (a misspelt required key), so say it first.
  const issue =
    result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0];
  const fieldPath: PropertyKey[] = [...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) fieldPath.push(issue.keys[0]);
  return fail(source, formatPath(fieldPath), issue.message);
}

/**
 * Read, parse and validate a scenario file. `.json` files are read as JSON, `.yaml`/`.yml` as
 * YAML; any other file as JSON when it starts with `{` and parses as such, else as YAML.
 *
 * @param file - the path, as the user gave it (it is what error messages show).
 * @throws {@link ScenarioError} when the file cannot be read, parsed or validated.
 */
export function loadScenarioFile(file: string): Scenario {
  return validateScenario(parseScenarioText(readScenarioText(file), file), file);
}

/** Read a scenario file's text (without a byte-order mark). */
export function readScenarioText(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(file, '', `expected a readable scenario file, found ${describeReadError(error)}`);
  }
  if (text.length > MAX_FILE_BYTES) {
    return fail(file, '', `expected a scenario file of at most 4 MB, found ${text.length} bytes`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parse a scenario file's text as JSON or YAML (see {@link loadScenarioFile}). */
export function parseScenarioText(text: string, file: string): unknown {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return parseJson(text, file);
  if (ext !== '.yaml' && ext !== '.yml' && text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not JSON after all: a YAML flow mapping.
    }
  }
  return parseYaml(text, file);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const what = message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/ in JSON at position \d+/, '')
      .replace(/, ".*" is not valid JSON$/s, '');
    const where = position ? lineColumn(text, Number(position[1])) : undefined;
    return fail(file, where ?? '', `expected valid JSON, found an error: ${what}`);
  }
}

function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const pos = error.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : '';
    return fail(file, where, `expected valid YAML, found an error: ${what}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (e) {
    return fail(file, '', `expected valid YAML, found an error: ${(e as Error).message}`);
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'a directory';
    case 'EACCES':
    case 'EPERM':
      return 'a file that cannot be read (permission denied)';
    default:
      return `an unreadable file (${code ?? (error as Error).message})`;
  }
}

function fail(source: string, fieldPath: string, detail: string): never {
  throw new ScenarioError(source, fieldPath, detail);
}
