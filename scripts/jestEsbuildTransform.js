/**
 * A jest transformer for `npm run mutate` only (jest.mutate.config.js): esbuild strips the types
 * of each file on its own, with no type checking and no TypeScript program, and turns ES modules
 * (ours, nanoid, @statelyai/inspect) into CommonJS. Type checking is `npm run typecheck`'s job.
 */
const { createHash } = require('node:crypto');
const { transformSync } = require('esbuild');
const { version } = require('esbuild/package.json');

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha1')
      .update(version)
      .update('\0')
      .update(filename)
      .update('\0')
      .update(source)
      .digest('hex');
  },
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: filename.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename
    });
    return { code, map };
  }
};
