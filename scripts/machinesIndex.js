#!/usr/bin/env node
// Writes lib/machines.ts, the `mirrorbeat/machines` entry point: one re-export per statechart file
// of machines/ (`<name>Machine.ts`), so a new machine is never missed. `npm run build` runs it
// first; test/lib/entryPoints.test.ts checks the committed file is up to date.
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

const HEADER = `/**
 * \`mirrorbeat/machines\`: every statechart of mirrorbeat (XState v5 \`setup()\` machines), for use in
 * your own XState code — \`createActor(receiverMachine, { input })\`, \`xstate/graph\`, Stately's
 * tools. One line per file of \`machines/\`, each re-exporting the machine with its input, context
 * and event types. Written by scripts/machinesIndex.js (\`npm run build\`): do not edit.
 */
`;

/** The text lib/machines.ts should have. */
function machinesIndex() {
  const files = readdirSync(path.join(root, 'machines'))
    .filter((file) => /^[a-z][A-Za-z0-9]*Machine\.ts$/.test(file))
    .sort();
  return (
    HEADER + files.map((f) => `export * from '../machines/${f.replace(/\.ts$/, '')}';\n`).join('')
  );
}

/** Write lib/machines.ts when it differs; whether it changed. */
function writeMachinesIndex() {
  const file = path.join(root, 'lib', 'machines.ts');
  const text = machinesIndex();
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // not written yet
  }
  if (current === text) return false;
  writeFileSync(file, text);
  return true;
}

module.exports = { machinesIndex, writeMachinesIndex };

if (require.main === module) writeMachinesIndex();
