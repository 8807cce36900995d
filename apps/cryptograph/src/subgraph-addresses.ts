import { OperatorError } from '@cryptograph/core';
import { Kind, parse, type ConstDirectiveNode } from 'graphql';

/** Where one subgraph of the one-process stack listens, and the variable that sets it. */
export interface SubgraphAddress {
  /** Subgraph name in the supergraph (`users`, `market`, `predictions`). */
  readonly name: string;
  /** The environment variable that overrides the supergraph's URL, e.g. `USERS_URL`. */
  readonly variable: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/** Subgraph URLs that make the one-process stack listen on free loopback ports instead of the supergraph's (tests, benchmarks). */
export const subgraphsOnFreePorts: Readonly<Record<string, string>> = Object.freeze({
  USERS_URL: 'http://127.0.0.1:0/graphql',
  MARKET_URL: 'http://127.0.0.1:0/graphql',
  PREDICTIONS_URL: 'http://127.0.0.1:0/graphql',
});

/** The variable overriding a subgraph's URL: `USERS_URL` for `users`. */
export function urlVariableOf(subgraph: string): string {
  return `${subgraph.toUpperCase()}_URL`;
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

/** Subgraph name → URL, as composed into the supergraph's `join__Graph` enum. */
export function supergraphUrls(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((item) => item.name.value === 'join__graph');
      const name = directive && stringArgument(directive, 'name');
      const url = directive && stringArgument(directive, 'url');
      if (name && url) urls[name] = url;
    }
  }
  return urls;
}

/**
 * Where the one-process stack makes each of `subgraphs` listen: the URL of its `*_URL` variable
 * when set, else its URL in the supergraph the gateway serves; so the supergraph and the listen
 * addresses are one configuration and other gateways, workers, Prometheus and the CLI reach the
 * subgraphs where the supergraph says. Each must be `http://<host>:<port>/graphql` on this machine.
 */
export function subgraphAddresses(supergraphSdl: string, overrides: Readonly<Record<string, string>>, subgraphs: readonly string[]): SubgraphAddress[] {
  const composed = supergraphUrls(supergraphSdl);
  return subgraphs.map((name) => {
    const variable = urlVariableOf(name);
    const configured = overrides[name] ?? composed[name];
    const source = overrides[name] ? variable : `${variable} (unset, so the URL of "${name}" in SUPERGRAPH_PATH or schema/supergraph.graphql)`;
    if (!configured) throw new OperatorError(variable, `the supergraph has no subgraph "${name}": set ${variable}=http://127.0.0.1:<port>/graphql`);
    let url: URL;
    try {
      url = new URL(configured);
    } catch {
      throw new OperatorError(source, 'must be a URL like http://127.0.0.1:4001/graphql');
    }
    if (url.protocol !== 'http:' || url.pathname !== '/graphql' || !url.port) {
      throw new OperatorError(
        source,
        `the one-process stack serves each subgraph at http://<host>:<port>/graphql, not at ${url.protocol}//${url.host}${url.pathname}`,
      );
    }
    return { name, variable, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) };
  });
}
