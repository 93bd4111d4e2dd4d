#!/usr/bin/env node
// Entry point of the `mirrorbeat` command: runs the TypeScript CLI through ts-node (transpile only).
require('ts-node').register({
  transpileOnly: true,
  project: require('path').join(__dirname, '..', 'tsconfig.json')
});
require('../cli/main.ts');
