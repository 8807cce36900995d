import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file the GraphiQL page loads, served from memory by the gateway. */
export interface GraphiqlAsset {
  /** Path under the assets prefix; versioned for package files, so they can be cached for good. */
  readonly name: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** Whether the name changes with the content (a pinned package version in it). */
  readonly immutable: boolean;
}

/** The assets of the page, by role, plus every file to serve. */
export interface GraphiqlAssets {
  readonly stylesheets: readonly string[];
  /** Classic scripts, in load order (React, ReactDOM, GraphiQL's UMD build). */
  readonly scripts: readonly string[];
  /** The page's own module script, which starts GraphiQL. */
  readonly startScript: string;
  /** graphql-ws's browser ESM client, imported by the start script. */
  readonly graphqlWsClient: string;
  readonly files: readonly GraphiqlAsset[];
}

const javascript = 'text/javascript; charset=utf-8';
const css = 'text/css; charset=utf-8';
const require = createRequire(import.meta.url);
const browserDir = fileURLToPath(new URL('./browser/', import.meta.url));

function packageDir(name: string): { dir: string; version: string } {
  const manifest = require.resolve(`${name}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { dir: dirname(manifest), version };
}

function packageFile(name: string, file: string, contentType: string): GraphiqlAsset {
  const { dir, version } = packageDir(name);
  return { name: `${name}@${version}/${file.split('/').at(-1)}`, contentType, body: readFileSync(join(dir, file)), immutable: true };
}

/**
 * graphql-ws ships its browser client as ES modules (`dist/client.js` importing a shared chunk whose
 * name is a content hash), and no UMD build since v6; this serves client.js with the chunks it
 * imports under one versioned folder, so the browser resolves the relative imports on the gateway.
 */
function graphqlWsClientFiles(): GraphiqlAsset[] {
  const { dir, version } = packageDir('graphql-ws');
  const client = readFileSync(join(dir, 'dist/client.js'));
  const chunks = new Set([...client.toString('utf8').matchAll(/from\s*'\.\/([\w.-]+\.js)'/g)].map((match) => match[1]!));
  return ['client.js', ...chunks].map((file) => ({
    name: `graphql-ws@${version}/${file}`,
    contentType: javascript,
    body: readFileSync(join(dir, 'dist', file)),
    immutable: true,
  }));
}

/**
 * Reads GraphiQL's page assets from the pinned packages' prebuilt browser files (React 18 and
 * ReactDOM UMD builds, GraphiQL 4's UMD build and stylesheet, graphql-ws's ESM client) and the
 * page's own start script and stylesheet; nothing comes from a CDN.
 */
export function loadGraphiqlAssets(): GraphiqlAssets {
  const react = packageFile('react', 'umd/react.production.min.js', javascript);
  const reactDom = packageFile('react-dom', 'umd/react-dom.production.min.js', javascript);
  const graphiql = packageFile('graphiql', 'graphiql.min.js', javascript);
  const graphiqlCss = packageFile('graphiql', 'graphiql.min.css', css);
  const ws = graphqlWsClientFiles();
  const own = (file: string, contentType: string): GraphiqlAsset => ({ name: file, contentType, body: readFileSync(join(browserDir, file)), immutable: false });
  const startScript = own('start-graphiql.js', javascript);
  const pageCss = own('graphiql-page.css', css);
  return {
    stylesheets: [graphiqlCss.name, pageCss.name],
    scripts: [react.name, reactDom.name, graphiql.name],
    startScript: startScript.name,
    graphqlWsClient: ws[0]!.name,
    files: [react, reactDom, graphiql, graphiqlCss, ...ws, startScript, pageCss],
  };
}
