import { mergeConfig } from 'vitest/config';
import { createRequire } from 'node:module';
import base from './vitest.config.ts';
const require = createRequire('/work/main/package.json');
export default mergeConfig(base, { root: '/work/main', resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] } });
