import { describe, expect, it } from 'vitest';
import { dataResultOfJson, resultJson, serializedResult, withExtensions } from './serialized-result.js';

describe('serialized results', () => {
  it('serializes a result object once and writes the same buffer again', () => {
    const result = { data: { answer: 42, text: 'é ✓' } };
    const body = serializedResult(result);
    expect(JSON.parse(body.toString('utf8'))).toEqual(result);
    expect(serializedResult(result)).toBe(body);
  });

  it('splices per-caller extensions into the shared JSON, exactly as serializing the merged result would', () => {
    const shared = { data: { list: [1, 2, { nested: '}' }] } };
    const alice = withExtensions(shared, { cost: { requested: 3, remaining: 97 } });
    const bob = withExtensions(shared, { cost: { requested: 3, remaining: 50 } });
    expect(serializedResult(alice).toString('utf8')).toBe(JSON.stringify({ data: shared.data, extensions: { cost: { requested: 3, remaining: 97 } } }));
    expect(serializedResult(bob).toString('utf8')).toBe(JSON.stringify({ data: shared.data, extensions: { cost: { requested: 3, remaining: 50 } } }));
    // A result with extensions of its own gets them merged.
    const own = withExtensions({ data: null, extensions: { a: 1 } }, { b: 2 });
    expect(JSON.parse(serializedResult(own).toString('utf8'))).toEqual({ data: null, extensions: { a: 1, b: 2 } });
  });

  it('backs a cached answer by its bytes: written as they are, parsed only when a transport reads the data', () => {
    const body = Buffer.from('{"data":{"assets":[1,2]}}');
    const result = dataResultOfJson(body);
    expect(serializedResult(result)).toBe(body);
    expect(result.data).toEqual({ assets: [1, 2] });
    expect(JSON.stringify({ payload: result })).toBe('{"payload":{"data":{"assets":[1,2]}}}');
    expect('errors' in result).toBe(false);
  });

  it('hands transports the text of a fresh result, then its bytes (encoded once) for later writes, and the bytes of one that has them', () => {
    const fresh = { data: { answer: 42, text: 'é ✓' } };
    const text = resultJson(fresh);
    expect(text).toBe(JSON.stringify(fresh));
    const bytes = resultJson(fresh);
    expect(Buffer.isBuffer(bytes) && bytes.toString('utf8')).toBe(text);
    expect(resultJson(fresh)).toBe(bytes);
    expect(serializedResult(fresh)).toBe(bytes);
    const cached = dataResultOfJson(Buffer.from('{"data":{"assets":[1]}}'));
    expect(resultJson(cached)).toBe(serializedResult(cached));
    const withCost = withExtensions({ data: { a: 1 } }, { cost: { requested: 1 } });
    expect(Buffer.isBuffer(resultJson(withCost))).toBe(true);
    expect(resultJson(withCost).toString()).toBe('{"data":{"a":1},"extensions":{"cost":{"requested":1}}}');
  });
});
