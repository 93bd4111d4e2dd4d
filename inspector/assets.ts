/**
 * The inspector page's assets, all in memory: the HTML, the stylesheet and the client script
 * bundled from `inspector/client/main.ts` by esbuild at start-up (no CDN, no network). The
 * server looks them up by exact path; nothing else is served.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Asset {
  type: string;
  body: string;
}

const CLIENT_DIR = path.join(__dirname, 'client');

let cached: Record<string, Asset> | undefined;

/** The assets by URL path (`/`, `/app.js`, `/app.css`). */
export function buildClientAssets(): Record<string, Asset> {
  if (cached) return cached;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
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
  const js = result.outputFiles[0].text;
  const html = readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8');
  const css = readFileSync(path.join(CLIENT_DIR, 'app.css'), 'utf8');
  cached = {
    '/': { type: 'text/html; charset=utf-8', body: html },
    '/index.html': { type: 'text/html; charset=utf-8', body: html },
    '/app.js': { type: 'text/javascript; charset=utf-8', body: js },
    '/app.css': { type: 'text/css; charset=utf-8', body: css }
  };
  return cached;
}
