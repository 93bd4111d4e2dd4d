/**
 * JSON serialization with a depth limit, for what the inspector sends: a value nested deeper
 * than the limit is cut (replaced by the string `"…"`) instead of overflowing the stack.
 */

/** Deepest nesting serialized. */
export const MAX_JSON_DEPTH = 64;

/** `JSON.stringify(value)`, with anything nested deeper than `maxDepth` replaced by `"…"`. */
export function boundedStringify(value: unknown, maxDepth = MAX_JSON_DEPTH): string {
  return JSON.stringify(cut(value, maxDepth)) ?? 'null';
}

function cut(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth <= 0) return '…';
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return cut(withJson.toJSON(), depth);
  if (Array.isArray(value)) return value.map((v) => cut(v, depth - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cut(v, depth - 1);
  return out;
}
