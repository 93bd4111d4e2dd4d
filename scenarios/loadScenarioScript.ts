/**
 * TypeScript scenario scripts (`mirrorbeat run my.scenario.ts`): type-checked and compiled in
 * memory with the TypeScript compiler, then run; the script's default export is the scenario.
 *
 * The compiler is not a dependency of the installed package (it is large): it is looked up from
 * the script's own folder (a project that writes TypeScript has it), then from mirrorbeat's. When
 * there is none the script is refused in one line (exit 2) that says how to get it. A type error
 * is refused the same way, with `file:line:col` — a script is checked, never run half-typed.
 *
 * In the script, `mirrorbeat` (and `mirrorbeat/machines`, `mirrorbeat/jest`) is this package;
 * relative imports of other `.ts` files are compiled alike; any other import is resolved from the
 * script's folder as Node would.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type * as TS from 'typescript';
import { ScenarioError, readScenarioText, validateScenario } from '../model/loadScenario';
import type { Scenario } from '../model/scenario';

/** The folder of the library entry points (`lib/` from the sources, `dist/lib/` compiled). */
const LIB_DIR = path.join(__dirname, '..', 'lib');
/** The package's own folder: its files are not the user's, their diagnostics are not shown. */
const PACKAGE_DIR = path.join(__dirname, '..');

const TS_EXTENSIONS = ['.ts', '.mts', '.cts'];

/**
 * Type-check, compile and run the scenario script `file`; validate its default export.
 *
 * @throws {@link ScenarioError} (one line) when there is no TypeScript compiler, the script has a
 *   type error, throws, has no default export, or exports an invalid scenario.
 */
export function loadScenarioScript(file: string): Scenario {
  readScenarioText(file); // the same "no such file / a directory / too big" lines as any file
  const full = path.resolve(file);
  const ts = loadTypeScript(full, file);
  const compiled = compile(ts, full, file);
  const exported = run(full, compiled, file);
  if (exported.value === undefined) {
    throw new ScenarioError(
      file,
      '',
      'expected a default export (export default defineScenario({ … })), found none'
    );
  }
  const value = exported.value;
  return typeof value === 'object' && value !== null && exported.defined.has(value)
    ? (value as Scenario)
    : validateScenario(value, file);
}

function loadTypeScript(full: string, file: string): typeof TS {
  let where: string;
  try {
    where = require.resolve('typescript', { paths: [path.dirname(full), __dirname] });
  } catch {
    throw new ScenarioError(
      file,
      '',
      "expected the TypeScript compiler to check and run a scenario script (npm install --save-dev typescript), found no 'typescript' package; or write the scenario as YAML or JSON"
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(where) as typeof TS;
}

/** Type-check the script and what it imports; the compiled JavaScript of the user's files. */
function compile(ts: typeof TS, full: string, file: string): Map<string, string> {
  const options: TS.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    isolatedModules: true,
    noEmitOnError: true,
    // No DOM, and only Node's own types (when installed): checking stays fast.
    lib: ['lib.es2022.d.ts'],
    ...nodeTypes(full),
    paths: {
      mirrorbeat: [path.join(LIB_DIR, 'index')],
      'mirrorbeat/*': [path.join(LIB_DIR, '*')]
    }
  };
  const program = ts.createProgram({ rootNames: [full], options });
  const own = program
    .getSourceFiles()
    .filter(
      (f) =>
        !f.isDeclarationFile &&
        !path.resolve(f.fileName).startsWith(PACKAGE_DIR + path.sep) &&
        !f.fileName.includes(`${path.sep}node_modules${path.sep}`) &&
        !f.fileName.includes('/node_modules/')
    );
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...own.flatMap((f) => [
      ...program.getSyntacticDiagnostics(f),
      ...program.getSemanticDiagnostics(f)
    ])
  ].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length > 0) throw typeError(ts, diagnostics, full, file);

  const out = new Map<string, string>();
  for (const source of own) {
    program.emit(source, (name, text) => {
      if (name.endsWith('.js') || name.endsWith('.mjs') || name.endsWith('.cjs')) {
        out.set(path.resolve(source.fileName), text);
      }
    });
  }
  return out;
}

/** Node's types where they are installed (the script's project, or this package's). */
function nodeTypes(full: string): Pick<TS.CompilerOptions, 'types' | 'typeRoots'> {
  try {
    const found = require.resolve('@types/node/package.json', {
      paths: [path.dirname(full), __dirname]
    });
    return { types: ['node'], typeRoots: [path.dirname(path.dirname(found))] };
  } catch {
    return { types: [] };
  }
}

function typeError(
  ts: typeof TS,
  diagnostics: readonly TS.Diagnostic[],
  full: string,
  file: string
): ScenarioError {
  const first = diagnostics[0];
  const message = ts.flattenDiagnosticMessageText(first.messageText, ' ').replace(/\s+/g, ' ');
  let where = file;
  if (first.file && first.start !== undefined) {
    const { line, character } = first.file.getLineAndCharacterOfPosition(first.start);
    const name =
      path.resolve(first.file.fileName) === full
        ? file
        : path.relative(process.cwd(), first.file.fileName);
    where = `${name}:${line + 1}:${character + 1}`;
  }
  const more =
    diagnostics.length > 1
      ? ` (and ${diagnostics.length - 1} more type error${diagnostics.length > 2 ? 's' : ''})`
      : '';
  return new ScenarioError(
    where,
    '',
    `expected a scenario script that type-checks, found TS${first.code}: ${message}${more}`
  );
}

/** What running the script gave: its default export, and the scenarios its defineScenario made. */
interface Exported {
  value: unknown;
  defined: WeakSet<object>;
}

function run(full: string, compiled: Map<string, string>, file: string): Exported {
  const defined = new WeakSet<object>();
  const modules = new Map<string, { exports: Record<string, unknown> }>();

  const ownModule = (specifier: string): unknown => {
    const entry = specifier === 'mirrorbeat' ? 'index' : specifier.slice('mirrorbeat/'.length);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(path.join(LIB_DIR, entry)) as Record<string, unknown>;
    if (entry !== 'index') return lib;
    const define = lib.defineScenario as (input: unknown, source?: string) => Scenario;
    // Scenarios the script defines name the script in their errors, and are validated once.
    const defineScenario = (input: unknown, source?: string) => {
      const scenario = define(input, source ?? file);
      defined.add(scenario);
      return scenario;
    };
    return { ...lib, defineScenario };
  };

  const load = (filename: string): Record<string, unknown> => {
    const cached = modules.get(filename);
    if (cached) return cached.exports;
    const mod = { exports: {} as Record<string, unknown> };
    modules.set(filename, mod);
    const dir = path.dirname(filename);
    const nodeRequire = createRequire(filename);
    const scriptRequire = (specifier: string): unknown => {
      if (specifier === 'mirrorbeat' || specifier.startsWith('mirrorbeat/')) {
        return ownModule(specifier);
      }
      if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
        const target = resolveCompiled(path.resolve(dir, specifier), compiled);
        if (target) return load(target);
      }
      return nodeRequire(specifier);
    };
    const wrapper = vm.compileFunction(
      compiled.get(filename) ?? '',
      ['exports', 'require', 'module', '__filename', '__dirname'],
      { filename }
    );
    wrapper(mod.exports, scriptRequire, mod, filename, dir);
    return mod.exports;
  };

  try {
    const exports = load(full);
    return { value: exports.default, defined };
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ScenarioError(
      file,
      '',
      `expected a scenario script that runs, found an error: ${message.replace(/\s+/g, ' ')}`
    );
  }
}

function resolveCompiled(base: string, compiled: Map<string, string>): string | undefined {
  const candidates = [
    base,
    ...TS_EXTENSIONS.map((ext) => base + ext),
    ...TS_EXTENSIONS.map((ext) => path.join(base, `index${ext}`)),
    // `import './other.js'` written for Node's ESM rules names the .ts file.
    ...TS_EXTENSIONS.map((ext) => base.replace(/\.[cm]?js$/, ext))
  ];
  return candidates.find((c) => compiled.has(c) && existsSync(c));
}
