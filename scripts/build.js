#!/usr/bin/env node
// `npm run build` (also run by `npm ci` through `prepare`, and before `npm test`): lib/machines.ts
// listed from machines/, a clean dist/ compiled by tsc from tsconfig.build.json, then the
// inspector page bundled into dist/inspector/client/. Clean every time, so a deleted source file leaves nothing behind.
const { rmSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { writeInspectorClient } = require('./bundleInspector');
const { writeMachinesIndex } = require('./machinesIndex');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
if (writeMachinesIndex()) process.stderr.write('build: lib/machines.ts updated from machines/\n');
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')],
  { stdio: 'inherit', cwd: root }
);
if (tsc.status !== 0) {
  process.stderr.write('build: tsc failed\n');
  process.exit(tsc.status ?? 1);
}
writeInspectorClient(path.join(dist, 'inspector', 'client'));
