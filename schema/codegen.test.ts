import { generate } from '@graphql-codegen/cli';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from './codegen.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('generated resolver types', () => {
  it('match the committed SDL (run `npm run codegen` when this fails)', async () => {
    const outputs = (await generate({ ...config, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
    expect(outputs.length).toBe(Object.keys(config.generates).length);
    for (const output of outputs) {
      expect(readFileSync(new URL(output.filename, `file://${root}`), 'utf8'), output.filename).toBe(output.content);
    }
  }, 60_000);
});
