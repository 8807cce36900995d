import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** Builds the single-page app into `build/`; in dev, proxies the API to a gateway on :4000. */
export default defineConfig({
  plugins: [svelte()],
  build: { outDir: 'build', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } } },
});
