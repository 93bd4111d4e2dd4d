/**
 * The inspector page's assets, all in memory: the HTML, the stylesheet and the client script
 * bundled from `inspector/client/main.ts` (no CDN, no network). The compiled package reads the
 * bundle `npm run build` wrote next to this file (`dist/inspector/client/`); run from the sources
 * it bundles once with esbuild, a development dependency. The server looks the assets up by exact
 * path; nothing else is served.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Asset {
  type: string;
  body: string;
}

/** The three texts of the page. */
interface ClientTexts {
  js: string;
  html: string;
  css: string;
}

/** Where the build writes the bundled page (beside the compiled inspector). */
const BUILT_DIR = path.join(__dirname, 'client');

let cached: Record<string, Asset> | undefined;

/** The assets by URL path (`/`, `/index.html`, `/app.js`, `/app.css`). */
export function buildClientAssets(): Record<string, Asset> {
  if (cached) return cached;
  const { js, html, css } = existsSync(path.join(BUILT_DIR, 'app.js')) ? readBuilt() : bundle();
  cached = {
    '/': { type: 'text/html; charset=utf-8', body: html },
    '/index.html': { type: 'text/html; charset=utf-8', body: html },
    '/app.js': { type: 'text/javascript; charset=utf-8', body: js },
    '/app.css': { type: 'text/css; charset=utf-8', body: css }
  };
  return cached;
}

function readBuilt(): ClientTexts {
  const read = (file: string) => readFileSync(path.join(BUILT_DIR, file), 'utf8');
  return { js: read('app.js'), html: read('index.html'), css: read('app.css') };
}

/** Bundle from the sources (development only: esbuild is not installed with the package). */
function bundle(): ClientTexts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tool = require(path.join(__dirname, '..', 'scripts', 'bundleInspector.js')) as {
    bundleInspectorClient: () => ClientTexts;
  };
  return tool.bundleInspectorClient();
}
