import { fileURLToPath } from 'node:url';

/**
 * The repository's root directory (with a trailing slash). Its own module, and the `@cryptograph/testing/repository-root`
 * entry point, so that tests and benchmarks which must stay light (no database or client code loaded) can import it alone.
 */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
