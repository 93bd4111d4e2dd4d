/**
 * Loading a scenario from any kind of scenario file: YAML and JSON through model/loadScenario,
 * TypeScript scenario scripts (`.ts`, `.mts`, `.cts`) through {@link loadScenarioScript}.
 */
import path from 'node:path';
import { loadScenarioFile as loadDataFile } from '../model/loadScenario';
import type { Scenario } from '../model/scenario';
import { loadScenarioScript } from './loadScenarioScript';

/** Extensions read as TypeScript scenario scripts. */
export const SCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts'] as const;

/** Whether `file` is read as a TypeScript scenario script. */
export function isScenarioScript(file: string): boolean {
  return (SCRIPT_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

/**
 * Read and validate a scenario file: a TypeScript script (type-checked, then run; its default
 * export is the scenario), or a YAML or JSON file.
 *
 * @param file - the path as the user gave it (error messages show it).
 * @throws ScenarioError (one line) when it cannot be read, type-checked, run or validated.
 */
export function loadScenarioFile(file: string): Scenario {
  return isScenarioScript(file) ? loadScenarioScript(file) : loadDataFile(file);
}
