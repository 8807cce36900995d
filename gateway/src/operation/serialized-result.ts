import type { FormattedExecutionResult } from 'graphql';

/**
 * The UTF-8 JSON of result objects that were serialized already. A result shared by several
 * callers (in-flight deduplication, the response cache) is the same object for all of them, so
 * it is serialized once and every answer is written from the same buffer. Weak: an entry lives
 * exactly as long as its result object.
 */
const bodies = new WeakMap<FormattedExecutionResult, Buffer>();
/** The JSON text of result objects serialized for writing (`resultJson`) until their bytes exist, weak like `bodies`. */
const texts = new WeakMap<FormattedExecutionResult, string>();

function textOf(result: FormattedExecutionResult): string {
  let text = texts.get(result);
  if (text === undefined) {
    text = JSON.stringify(result);
    texts.set(result, text);
  }
  return text;
}

/** The result as UTF-8 JSON, serialized on first use and reused for the same result object. */
export function serializedResult(result: FormattedExecutionResult): Buffer {
  let body = bodies.get(result);
  if (!body) {
    body = Buffer.from(textOf(result));
    bodies.set(result, body);
    texts.delete(result);
  }
  return body;
}

/**
 * The result's JSON for a transport to write: its bytes when they exist (a cached answer, one with
 * per-caller extensions, or one written before), else, for its first write, its text, which the
 * transport encodes into memory it reuses (GraphQL over HTTP: `write-buffers.ts`) instead of a
 * fresh `Buffer` per answer. A result written a second time (shared by several callers) gets its
 * bytes, encoded once for every later write.
 */
export function resultJson(result: FormattedExecutionResult): string | Buffer {
  const body = bodies.get(result);
  if (body) return body;
  const text = texts.get(result);
  if (text === undefined) {
    const fresh = JSON.stringify(result);
    texts.set(result, fresh);
    return fresh;
  }
  const bytes = Buffer.from(text);
  bodies.set(result, bytes);
  texts.delete(result);
  return bytes;
}

/**
 * The result with per-caller `extensions` (cost, for example) added. When the result has no
 * `extensions` of its own, the new result's JSON is the result's (serialized once, see
 * `serializedResult`) with the extensions spliced in before its closing brace: a result shared by
 * several callers is serialized once, whatever each caller's extensions.
 */
export function withExtensions(result: FormattedExecutionResult, extensions: Record<string, unknown>): FormattedExecutionResult {
  const merged: FormattedExecutionResult = { ...result, extensions: { ...result.extensions, ...extensions } };
  if (result.extensions === undefined) {
    const body = serializedResult(result);
    bodies.set(merged, Buffer.concat([body.subarray(0, body.length - 1), Buffer.from(`,"extensions":${JSON.stringify(merged.extensions)}}`)]));
  }
  return merged;
}

/**
 * A `{ data }` result backed by its JSON (a cached answer): transports that write JSON use the
 * buffer as is; `data` is parsed on each access (a WebSocket or SSE client, which gets the result
 * inside its own message), so the cache holds the bytes only.
 */
export function dataResultOfJson(body: Buffer): FormattedExecutionResult {
  const result = {} as FormattedExecutionResult;
  Object.defineProperty(result, 'data', { enumerable: true, get: () => (JSON.parse(body.toString('utf8')) as FormattedExecutionResult).data });
  bodies.set(result, body);
  return result;
}
