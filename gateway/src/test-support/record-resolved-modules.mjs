// Loaded with `node --import`: records the URL of every module the ESM loader resolves, one per line, in the file
// named by RECORD_RESOLVED_MODULES (appended from the loader's thread).
import { register } from 'node:module';

register(new URL('./record-resolved-modules-hooks.mjs', import.meta.url), { data: { file: process.env.RECORD_RESOLVED_MODULES } });
