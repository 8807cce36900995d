import { fileURLToPath } from 'node:url';

/** The web package's folder: its sources, configuration and the screenshots of its browser tests. */
export const webPackageDirectory = fileURLToPath(new URL('./', import.meta.url));

/** Where `npm run build -w @cryptograph/web` writes the dashboard, which the gateway serves at `/` when it exists. */
export const webBuildDirectory = fileURLToPath(new URL('./build/', import.meta.url));
