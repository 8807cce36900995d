import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** TypeScript in Svelte components. */
export default { preprocess: vitePreprocess() };
