#!/usr/bin/env node
// Entry point of the `mirrorbeat` command: the compiled CLI (`npm run build` writes dist/).
const path = require('node:path');
const main = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
try {
  require.resolve(main);
} catch {
  process.stderr.write(
    "mirrorbeat: the compiled program is missing (dist/cli/main.js); run 'npm run build' first\n"
  );
  process.exit(3);
}
require(main);
