#!/usr/bin/env node
// The inspector page's assets: the client script bundled from inspector/client/main.ts by esbuild
// (a build-time tool only), the HTML page and the stylesheet. `npm run build` writes them to
// dist/inspector/client/, where the compiled inspector reads them; run from the sources (ts-node,
// jest) the inspector bundles in memory with the same options.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const CLIENT_DIR = path.join(ROOT, 'inspector', 'client');

/** The three assets as text: { js, html, css }. */
function bundleInspectorClient() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [path.join(CLIENT_DIR, 'main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'silent'
  });
  return {
    js: result.outputFiles[0].text,
    html: readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8'),
    css: readFileSync(path.join(CLIENT_DIR, 'app.css'), 'utf8')
  };
}

/** Write the assets to `outDir` (app.js, index.html, app.css). */
function writeInspectorClient(outDir) {
  const { js, html, css } = bundleInspectorClient();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'app.js'), js);
  writeFileSync(path.join(outDir, 'index.html'), html);
  writeFileSync(path.join(outDir, 'app.css'), css);
}

module.exports = { bundleInspectorClient, writeInspectorClient };

if (require.main === module) {
  writeInspectorClient(path.join(ROOT, 'dist', 'inspector', 'client'));
}
