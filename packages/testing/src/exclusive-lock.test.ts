import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runExclusively } from './exclusive-lock.js';
import { testEnvironment } from './test-environment.js';

const databaseUrl = testEnvironment().databaseUrl;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(databaseUrl)('runExclusively', () => {
  it('runs tasks of one name one at a time, tasks of other names alongside, and frees the lock when a task fails', async () => {
    const name = `lock-${randomBytes(4).toString('hex')}`;
    const log: string[] = [];
    const task =
      (label: string, fail = false) =>
      async () => {
        log.push(`${label}:start`);
        await pause(150);
        log.push(`${label}:end`);
        if (fail) throw new Error(`${label} failed`);
        return label;
      };
    const results = await Promise.allSettled([
      runExclusively(databaseUrl, name, task('a', true)),
      runExclusively(databaseUrl, name, task('b')),
      runExclusively(databaseUrl, `${name}-other`, task('other')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    const same = log.filter((entry) => !entry.startsWith('other'));
    // a and b never overlap (whichever got the lock first), and b ran although a failed.
    expect([same.slice(0, 2), same.slice(2)].map((pair) => pair[0]!.split(':')[0] === pair[1]!.split(':')[0])).toEqual([true, true]);
    // The other name did not wait for them.
    expect(log.indexOf('other:start')).toBeLessThan(log.indexOf(`${same[2]!.split(':')[0]}:start`));
  });
});
