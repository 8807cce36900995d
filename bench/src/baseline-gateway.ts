import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { createGatewayServer, loadGatewayEnv } from '@cryptograph/gateway';
import { repositoryRoot } from '@cryptograph/testing/repository-root';

const ourModules = join(repositoryRoot, 'node_modules');
/** Our gateway's own copies of packages whose root copy is another major version (lru-cache, say). */
const ourGatewayModules = join(repositoryRoot, 'gateway', 'node_modules');

/** Another revision's gateway, ready to start next to ours. */
export interface BaselineGateway {
  readonly revision: string;
  /** Its supergraph (its subgraph URLs are overridden when it starts). */
  readonly supergraphPath: string;
  readonly createGatewayServer: typeof createGatewayServer;
  readonly loadGatewayEnv: typeof loadGatewayEnv;
  /** Removes the extracted files. */
  cleanup(): void;
}

/** The exact version a revision's lock file resolved for `name`, else the range its gateway asked for. */
function versionOf(revision: string, name: string, range: string): string {
  try {
    const lock = JSON.parse(
      execFileSync('git', ['-C', repositoryRoot, 'show', `${revision}:package-lock.json`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
    ) as { packages?: Record<string, { version?: string }> };
    return lock.packages?.[`node_modules/${name}`]?.version ?? range;
  } catch {
    return range;
  }
}

/**
 * Links every package of our gateway's node_modules, then of our root node_modules, that `modules`
 * does not have yet (one copy of graphql, Fastify, our workspaces...; the gateway's own copy first,
 * where npm installed another version than the root one), except two packages, which are copied
 * so that the baseline loads its own instance: @cryptograph/otel (its metric registries must be the
 * baseline's own, or both gateways would register the same metric names in one registry) and
 * @apollo/gateway (each revision installs its own query plan execution and result shaping over that
 * module's exports: a shared instance would run this revision's engine in the baseline too).
 */
function linkOurModules(modules: string): void {
  mkdirSync(join(modules, '@cryptograph'), { recursive: true });
  cpSync(join(repositoryRoot, 'otel'), join(modules, '@cryptograph', 'otel'), { recursive: true, filter: (source) => !source.includes('node_modules') });
  mkdirSync(join(modules, '@apollo'), { recursive: true });
  cpSync(join(ourModules, '@apollo', 'gateway'), join(modules, '@apollo', 'gateway'), { recursive: true, dereference: true });
  for (const from of [ourGatewayModules, ourModules]) {
    if (!existsSync(from)) continue;
    for (const entry of readdirSync(from)) {
      if (entry.startsWith('.')) continue;
      if (!entry.startsWith('@')) {
        if (!existsSync(join(modules, entry))) symlinkSync(join(from, entry), join(modules, entry));
        continue;
      }
      mkdirSync(join(modules, entry), { recursive: true });
      for (const scoped of readdirSync(join(from, entry))) {
        if (!existsSync(join(modules, entry, scoped))) symlinkSync(join(from, entry, scoped), join(modules, entry, scoped));
      }
    }
  }
}

/**
 * Extracts `revision`'s gateway (gateway/src and the supergraph, with `git archive`) into a
 * temporary folder and makes it runnable in this process: the gateway dependencies of that
 * revision that ours no longer has are installed there with npm (exact versions from its lock
 * file, without their peers), and everything else links to our node_modules, so both gateways
 * share graphql, Fastify, @apollo/gateway and our workspace packages. Nothing in the repository
 * changes.
 */
export async function prepareBaselineGateway(revision: string): Promise<BaselineGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'cryptograph-baseline-gateway-'));
  try {
    execFileSync('sh', [
      '-c',
      `git -C "${repositoryRoot}" archive "${revision}" gateway/src gateway/package.json schema/supergraph.graphql | tar -x -C "${dir}"`,
    ]);
    const { dependencies = {} } = JSON.parse(readFileSync(join(dir, 'gateway/package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const missing = Object.entries(dependencies).filter(
      ([name]) => !existsSync(join(ourGatewayModules, name, 'package.json')) && !existsSync(join(ourModules, name, 'package.json')),
    );
    if (missing.length > 0) {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'baseline-gateway', private: true }));
      const specs = missing.map(([name, range]) => `${name}@${versionOf(revision, name, range)}`);
      execFileSync('npm', ['install', '--prefix', dir, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', ...specs], { stdio: 'ignore' });
      // One graphql in the process: a second copy would fail `instanceof` checks between the gateways' code.
      rmSync(join(dir, 'node_modules', 'graphql'), { recursive: true, force: true });
    }
    linkOurModules(join(dir, 'node_modules'));
    const server = (await import(join(dir, 'gateway/src/gateway-server.ts'))) as { createGatewayServer: typeof createGatewayServer };
    const env = (await import(join(dir, 'gateway/src/env.ts'))) as { loadGatewayEnv: typeof loadGatewayEnv };
    return {
      revision,
      supergraphPath: join(dir, 'schema/supergraph.graphql'),
      createGatewayServer: server.createGatewayServer,
      loadGatewayEnv: env.loadGatewayEnv,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
