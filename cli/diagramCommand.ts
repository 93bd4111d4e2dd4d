/**
 * `mirrorbeat diagram <machine|all> [--format svg|mermaid|dot|json] [--out DIR]`: draw the
 * statecharts of `machines/` offline (Graphviz compiled to WebAssembly, shipped in npm). Without
 * `--out` one machine is printed on stdout; with it every file is written to `DIR/<name>.<ext>`.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeValue } from '../model/describeValue';
import { loadMachine, machineNames } from '../inspector/statechart/loadMachines';
import {
  DIAGRAM_EXTENSIONS,
  DIAGRAM_FORMATS,
  renderDiagram,
  type DiagramFormat
} from '../inspector/statechart/renderDiagram';
import { toStatechart } from '../inspector/statechart/toStatechart';
import type { CliDeps } from './cliDeps';
import { EXIT, type ExitCode } from './exitCodes';
import { UsageError } from './usageError';

/** Options of `diagram`, as commander gives them. */
export interface DiagramFlags {
  format?: string;
  out?: string;
  /** Print `{ ok, format, diagrams: [{ machine, file? , text? }] }` instead. */
  json?: boolean;
}

/**
 * Check the arguments (throws {@link UsageError} at once), then render; the promise gives the
 * exit code.
 */
export function diagramCommand(
  deps: CliDeps,
  which: string,
  flags: DiagramFlags
): Promise<ExitCode> {
  const format = (flags.format ?? 'svg') as DiagramFormat;
  if (!DIAGRAM_FORMATS.includes(format)) {
    throw new UsageError(
      `mirrorbeat diagram: --format: expected one of ${DIAGRAM_FORMATS.join(', ')}, found ${describeValue(flags.format)}`
    );
  }
  const names = machineNames();
  const wanted = which === 'all' ? names : [which.replace(/Machine$/, '')];
  if (!names.includes(wanted[0])) {
    throw new UsageError(
      `mirrorbeat diagram: <machine>: expected all or one of ${names.join(', ')}, found ${describeValue(which)}`
    );
  }
  if (flags.out === undefined && wanted.length > 1) {
    throw new UsageError(
      `mirrorbeat diagram: --out: expected a directory to write ${wanted.length} diagrams to, found nothing`
    );
  }
  if (flags.out !== undefined) checkDirectory(flags.out);

  return (async () => {
    const drawn: { machine: string; file?: string; text?: string }[] = [];
    for (const name of wanted) {
      const text = await renderDiagram(toStatechart(name, loadMachine(name).machine), format);
      if (flags.out === undefined) {
        if (flags.json) drawn.push({ machine: name, text });
        else deps.out(text);
      } else {
        const file = path.join(flags.out, `${name}.${DIAGRAM_EXTENSIONS[format]}`);
        try {
          writeFileSync(file, text);
        } catch (error) {
          throw new UsageError(
            `mirrorbeat diagram: --out: expected a writable directory, found ${describeValue(flags.out)} (${codeOf(error)})`
          );
        }
        if (flags.json) drawn.push({ machine: name, file });
        else deps.out(`wrote ${file}\n`);
      }
    }
    if (flags.json) deps.out(JSON.stringify({ ok: true, format, diagrams: drawn }) + '\n');
    return EXIT.ok;
  })();
}

function checkDirectory(dir: string): void {
  try {
    if (!statSync(dir).isDirectory()) {
      throw new UsageError(
        `mirrorbeat diagram: --out: expected a directory, found the file ${JSON.stringify(dir)}`
      );
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (mkdirError) {
      throw new UsageError(
        `mirrorbeat diagram: --out: expected a directory that can be created, found ${describeValue(dir)} (${codeOf(mkdirError)})`
      );
    }
  }
}

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? String((error as Error).message).slice(0, 80);
}
