/**
 * Preloaded by `npm run start:gateway` (`--import`, right after tsx and before telemetry and the
 * gateway's modules): turns Node's source-map support off for the gateway process. tsx turns it
 * on, and Node then keeps the source map of every module it loads (node_modules included) and
 * decodes the maps of every file in each stack trace it formats (tsx formats some while it loads
 * modules): measured with the Guild workload (bench/README.md), about 70 MB of live heap and
 * 75 MB of RSS that the gateway never uses. Stack traces in the gateway's logs then point into the
 * code as tsx transpiled it; to debug with TypeScript positions, run the gateway without this
 * preload (`npx tsx src/main.ts`).
 */
process.setSourceMapsEnabled(false);
