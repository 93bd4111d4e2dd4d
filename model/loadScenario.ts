/**
 * Loading scenario files (YAML or JSON) and validating scenario objects. Everything that can go
 * wrong ends in one {@link ScenarioError} listing every problem, each on one line naming the file
 * (with line and column when the text is known), the field and what was expected.
 *
 * Files are bounded before anything is read: only regular files (a FIFO or a device such as
 * `/dev/zero` is refused after a `stat`, never opened for reading), at most 4 MB (checked on the
 * `stat` and again while reading), UTF-8, YAML aliases and nesting limited.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import type { Scenario } from './scenario';
import { ScenarioError, formatPath, type Position, type ScenarioIssue } from './scenarioError';
import { scenarioSchema } from './scenarioSchema';
import { isTraceHeader, rawScenarioOfHeader } from './traceHeader';

export { ScenarioError } from './scenarioError';

/** Largest scenario file accepted (bytes). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Deepest nesting of lists and objects accepted in a scenario file. */
export const MAX_NESTING = 32;
/** Most YAML alias expansions accepted (no "billion laughs"). */
export const MAX_YAML_ALIASES = 100;
/** Most problems listed for one file. */
const MAX_ISSUES = 50;

/** Finds where a field path is written in the file's text. */
export type Locate = (path: readonly PropertyKey[], key?: boolean) => Position | undefined;

/**
 * Validate a raw scenario object (parsed YAML/JSON or a script's object literal).
 *
 * @param raw - the scenario as written: durations as strings (`"5s"`) or ms.
 * @param source - the file name or script name to put in error messages.
 * @param locate - where each field is written (files), for `file:line:column` in messages.
 * @returns the scenario with durations in ms, defaults applied (config stays as overrides).
 * @throws {@link ScenarioError} listing every invalid field.
 */
export function validateScenario(raw: unknown, source: string, locate?: Locate): Scenario {
  const depth = nestingDepth(raw);
  if (depth > MAX_NESTING) {
    return fail(source, '', `expected at most ${MAX_NESTING} levels of nesting, found more`);
  }
  const result = scenarioSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues: (ScenarioIssue & { order: number })[] = [];
  for (const issue of result.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const fieldPath: PropertyKey[] = [...issue.path];
      if (key !== undefined) fieldPath.push(key);
      // An unknown key explains most of the other complaints (a misspelt required key): first.
      const rank = issue.code === 'unrecognized_keys' ? 0 : 1;
      const at = locate?.(fieldPath, key !== undefined);
      issues.push({ path: formatPath(fieldPath), detail: issue.message, ...at, order: rank });
    }
  }
  issues.sort(
    (a, b) =>
      a.order - b.order || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
  );
  // One problem per field: the first said is the one to fix.
  const seen = new Set<string>();
  const distinct = issues.filter((issue) => !seen.has(issue.path) && !!seen.add(issue.path));
  issues.length = 0;
  issues.push(...distinct);
  const shown = issues.slice(0, MAX_ISSUES).map(({ order: _order, ...issue }) => issue);
  if (issues.length > MAX_ISSUES) {
    shown.push({ path: '', detail: `… and ${issues.length - MAX_ISSUES} more problems` });
  }
  throw new ScenarioError(source, shown);
}

/**
 * Read, parse and validate a scenario file. `.json` files are read as JSON, `.yaml`/`.yml` as
 * YAML; any other file as JSON when it starts with `{` and parses as such, else as YAML. A
 * `.jsonl` file is a trace: its header's scenario is loaded (see {@link loadTraceScenario}).
 *
 * @param file - the path, as the user gave it (it is what error messages show).
 * @throws {@link ScenarioError} when the file cannot be read, parsed or validated.
 */
export function loadScenarioFile(file: string): Scenario {
  if (path.extname(file).toLowerCase() === '.jsonl') return loadTraceScenario(file);
  const text = readScenarioText(file);
  const raw = parseScenarioText(text, file);
  return validateScenario(raw, file, locator(text));
}

/** Longest trace header read (bytes). */
const MAX_HEADER_BYTES = 1 << 20;

/**
 * The scenario of a trace file (`run --trace`) from its header, its first line: only that line is
 * read. Running it with the header's seed re-creates the run.
 */
export function loadTraceScenario(file: string): Scenario {
  const first = readFirstLine(file, MAX_HEADER_BYTES, (detail) => fail(file, '', detail));
  let value: unknown;
  try {
    value = JSON.parse(first) as unknown;
  } catch {
    value = undefined;
  }
  if (!isTraceHeader(value)) {
    return fail(
      file,
      '',
      `expected a trace whose first line is a header (written by 'run --trace'), found ${value === undefined ? 'no JSON header' : 'another first line'}`
    );
  }
  return validateScenario(rawScenarioOfHeader(value), `${file} (header)`, undefined);
}

/** The first line of a file, reading at most `maxBytes` (a regular file only, stat first). */
function readFirstLine(
  file: string,
  maxBytes: number,
  failWith: (detail: string) => never
): string {
  const what = 'trace file';
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    return failWith(`expected a readable ${what}, found ${describeReadError(error)}`);
  }
  if (!stats.isFile()) failWith(`expected a ${what}, found ${describeKind(stats)}`);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return failWith(`expected a readable ${what}, found ${describeReadError(error)}`);
  }
  try {
    if (!fstatSync(fd).isFile()) failWith(`expected a ${what}, found something else`);
    const buffer = Buffer.alloc(Math.min(maxBytes, stats.size));
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
      if (buffer.subarray(0, length).includes(0x0a)) break;
    }
    const end = buffer.subarray(0, length).indexOf(0x0a);
    if (end === -1 && length === maxBytes) {
      failWith(`expected a trace header line of at most ${formatBytes(maxBytes)}, found more`);
    }
    return buffer.toString('utf8', 0, end === -1 ? length : end);
  } finally {
    closeSync(fd);
  }
}

/** Read a scenario file's text (UTF-8, without a byte-order mark), refusing anything unbounded. */
export function readScenarioText(file: string): string {
  return readBoundedText(file, {
    what: 'scenario file',
    maxBytes: MAX_FILE_BYTES,
    fail: (detail) => fail(file, '', detail)
  });
}

/** Options of {@link readBoundedText}. */
export interface BoundedReadOptions {
  /** What the file is, for messages: `scenario file`. */
  what: string;
  maxBytes: number;
  fail: (detail: string) => never;
}

/**
 * Read a small text file safely: `stat` first (regular files only, size within `maxBytes`), open
 * without blocking, check the opened file again, read at most `maxBytes + 1` bytes, decode strict
 * UTF-8.
 */
export function readBoundedText(file: string, options: BoundedReadOptions): string {
  const { what, maxBytes } = options;
  const check = (stats: Stats) => {
    if (!stats.isFile()) options.fail(`expected a ${what}, found ${describeKind(stats)}`);
    if (stats.size > maxBytes) {
      options.fail(
        `expected a ${what} of at most ${formatBytes(maxBytes)}, found ${stats.size} bytes`
      );
    }
  };
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    return options.fail(`expected a readable ${what}, found ${describeReadError(error)}`);
  }
  check(stats);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return options.fail(`expected a readable ${what}, found ${describeReadError(error)}`);
  }
  let buffer: Buffer;
  let length = 0;
  try {
    check(fstatSync(fd));
    buffer = Buffer.alloc(Math.min(maxBytes + 1, stats.size + 1));
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
  } catch (error) {
    return options.fail(`expected a readable ${what}, found ${describeReadError(error)}`);
  } finally {
    closeSync(fd);
  }
  if (length > maxBytes) {
    options.fail(`expected a ${what} of at most ${formatBytes(maxBytes)}, found more`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
  } catch {
    return options.fail(`expected a ${what} in UTF-8, found bytes that are not UTF-8 text`);
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
    return fail(file, '', `expected valid JSON, found an error: ${what.slice(0, 80)}`, where);
  }
}

function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  } catch (error) {
    return fail(file, '', `expected valid YAML, found an error: ${String(error).slice(0, 80)}`);
  }
  const error = doc.errors[0];
  if (error) {
    const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const pos = error.linePos?.[0];
    const where = pos ? { line: pos.line, column: pos.col } : undefined;
    return fail(file, '', `expected valid YAML, found an error: ${what.slice(0, 120)}`, where);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return fail(file, '', `expected valid YAML, found an error: ${message.slice(0, 120)}`);
  }
}

/**
 * Where each field path is written in `text` (YAML, and JSON, which YAML reads too): the value's
 * start, or the key's for an unknown key.
 */
export function locator(text: string): Locate {
  let doc: Document.Parsed | undefined;
  const lineCounter = new LineCounter();
  return (fieldPath, key) => {
    try {
      doc ??= parseDocument(text, { lineCounter, uniqueKeys: false });
      let parentPath = fieldPath;
      let node: unknown;
      if (key && fieldPath.length > 0) {
        parentPath = fieldPath.slice(0, -1);
        const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
        const name = fieldPath[fieldPath.length - 1];
        const items = (parent as { items?: { key?: unknown }[] } | undefined)?.items ?? [];
        node = items.find(
          (pair) => isNode(pair.key) && (pair.key as { value?: unknown }).value === name
        )?.key;
      } else {
        node = fieldPath.length === 0 ? doc.contents : doc.getIn(fieldPath, true);
      }
      // A missing field: point at the object that lacks it.
      for (let p = parentPath; !isNode(node) && p.length > 0;) {
        p = p.slice(0, -1);
        node = p.length === 0 ? doc.contents : doc.getIn(p, true);
      }
      const range = isNode(node) ? node.range : undefined;
      if (!range) return undefined;
      const pos = lineCounter.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    } catch {
      return undefined;
    }
  };
}

/** How deep lists and objects nest in `value` (iterative: any depth is safe). */
export function nestingDepth(value: unknown, limit = MAX_NESTING + 1): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest >= limit) return deepest;
    for (const child of Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}

function lineColumn(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'something that is not a regular file';
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'ENOTDIR':
      return 'no such file (a part of the path is not a directory)';
    case 'EISDIR':
      return 'a directory';
    case 'EACCES':
    case 'EPERM':
      return 'a file that cannot be read (permission denied)';
    case 'ENAMETOOLONG':
      return 'a file name that is too long';
    default:
      return `an unreadable file (${code ?? String((error as Error).message).slice(0, 80)})`;
  }
}

function fail(source: string, fieldPath: string, detail: string, where?: Position): never {
  throw new ScenarioError(source, fieldPath, detail, where);
}
