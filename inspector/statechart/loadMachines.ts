/**
 * Every statechart in `machines/`: each file `<name>Machine.ts` (`.js` once compiled) exporting
 * `<name>Machine`, found by listing the folder, so a machine added there is drawn without touching
 * this code.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { toStatechart, type Statechart } from './toStatechart';

/** The folder of the statecharts. */
export const MACHINES_DIR = path.join(__dirname, '..', '..', 'machines');

/** One machine of `machines/`. */
export interface MachineEntry {
  /** `receiver` for `machines/receiverMachine.ts`. */
  name: string;
  file: string;
  machine: AnyStateMachine;
}

/** The machine names of `machines/`, sorted (no loading). */
export function machineNames(dir = MACHINES_DIR): string[] {
  const names = readdirSync(dir)
    .map((file) => /^([a-z][A-Za-z0-9]*)Machine\.[jt]s$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)].sort();
}

/** Load one machine by name (`receiver` or `receiverMachine`). */
export function loadMachine(name: string, dir = MACHINES_DIR): MachineEntry {
  const base = name.replace(/Machine$/, '');
  // Without an extension: `.ts` from the sources, `.js` from the build.
  const file = path.join(dir, `${base}Machine`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as Record<string, unknown>;
  const machine = mod[`${base}Machine`];
  if (!isMachine(machine)) {
    throw new Error(`${path.relative(process.cwd(), file)} does not export ${base}Machine`);
  }
  return { name: base, file, machine };
}

/** Every machine of `machines/`, sorted by name. */
export function loadMachines(dir = MACHINES_DIR): MachineEntry[] {
  return machineNames(dir).map((name) => loadMachine(name, dir));
}

/** Every machine of `machines/` as a {@link Statechart}. */
export function loadStatecharts(dir = MACHINES_DIR): Statechart[] {
  return loadMachines(dir).map((m) => toStatechart(m.name, m.machine));
}

function isMachine(value: unknown): value is AnyStateMachine {
  return (
    !!value &&
    typeof value === 'object' &&
    'root' in value &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}
