import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Span, Tracer } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';

const require = createRequire(import.meta.url);
const distDir = dirname(require.resolve('@apollo/gateway'));

/** The installed @apollo/gateway version (the modules below are its internals: only the version our replacements were written against gets them). */
export const installedApolloGatewayVersion = (require(join(distDir, '..', 'package.json')) as { version: string }).version;

/**
 * The @apollo/gateway version our replacements of its internals reproduce (`query-plan-execution.ts`,
 * `result-shaping.ts`). Any other installed version keeps Apollo's own (slower) code.
 */
export const reproducedApolloGatewayVersion = '2.14.4';

/** True when the installed @apollo/gateway is the one our replacements were written against. */
export const apolloInternalsReproduced = installedApolloGatewayVersion === reproducedApolloGatewayVersion;

/** A module of @apollo/gateway's `dist` folder (not part of its public API). */
export function apolloGatewayModule<T>(name: string): T {
  return require(join(distDir, `${name}.js`)) as T;
}

/** @apollo/gateway's `utilities/opentelemetry` module: its tracer and span names, shared with its own executor. */
export const apolloTelemetry = apolloGatewayModule<{
  tracer: Tracer;
  OpenTelemetrySpanNames: { EXECUTE: string; FETCH: string; POST_PROCESSING: string };
  recordExceptions(span: Span, exceptions: readonly unknown[], config: unknown): void;
}>('utilities/opentelemetry');

/** @apollo/gateway's `dataRewrites` module (input and output rewrites of fetches). */
export const apolloDataRewrites = apolloGatewayModule<{
  applyRewrites(schema: GraphQLSchema, rewrites: unknown, value: unknown): void;
  isObjectOfType(schema: GraphQLSchema, value: Record<string, unknown>, typeCondition: string, defaultOnUnknownObjectType?: boolean): boolean;
}>('dataRewrites');
