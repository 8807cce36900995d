import { context, SpanStatusCode, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { recordResolver, resolverAttributes } from '@cryptograph/otel';
import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { ErrorCode } from '../errors/error-code.js';

const tracer = trace.getTracer('@cryptograph/core/resolvers');
const knownCodes: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** The error code of a failed resolver, from a fixed set (metric labels stay bounded). */
function codeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' && knownCodes.has(code) ? code : ErrorCode.INTERNAL_SERVER_ERROR;
}

/** Now, in ms since the epoch with sub-millisecond precision (the clock spans accept). */
const now = () => performance.timeOrigin + performance.now();

/** A list answered with items still pending. */
const isPendingList = (result: unknown): result is unknown[] => Array.isArray(result) && result.some((item) => item instanceof Promise);

/** What the tracing middleware learned about one field's resolver. */
interface FieldShape {
  /** Its last call answered without a promise (nor a list of them): a mapping of the parent (like `Model.owner`), no I/O. */
  answeredSynchronously: boolean;
}

/**
 * Runs a resolver and reports it once it settles: the duration and outcome go to the resolver
 * histogram always, and to a span, with the same start and end, when the trace is sampled and the
 * resolver does work. A resolver whose last call answered synchronously did no I/O: it is counted
 * in its parent's span (its own spans would be most of a trace's spans and none of its time).
 */
function measure(service: string, info: GraphQLResolveInfo, shape: FieldShape, run: () => unknown): unknown {
  const type = info.parentType.name;
  const field = info.fieldName;
  const start = now();
  const parent = trace.getActiveSpan()?.spanContext();
  const sampled = parent !== undefined && (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  const span: Span | undefined =
    sampled && !shape.answeredSynchronously
      ? tracer.startSpan(`${type}.${field}`, {
          startTime: start,
          attributes: { [resolverAttributes.service]: service, [resolverAttributes.type]: type, [resolverAttributes.field]: field },
        })
      : undefined;
  const finish = (error: unknown) => {
    const end = now();
    const code = error === undefined ? null : codeOf(error);
    recordResolver(service, type, field, (end - start) / 1000, code);
    if (!span) return;
    if (code) {
      span.setAttribute(resolverAttributes.errorCode, code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    }
    span.end(end);
  };
  const settle = (result: unknown): unknown => {
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => settle(value),
        (error: unknown) => {
          finish(error);
          throw error;
        },
      );
    }
    if (isPendingList(result)) {
      // Done when every item is (as `Query._entities`, which answers with one promise per entity).
      void Promise.allSettled(result).then((outcomes) => finish(outcomes.find((outcome) => outcome.status === 'rejected')?.reason));
      return result;
    }
    finish(result instanceof Error ? result : undefined);
    return result;
  };
  let result: unknown;
  try {
    result = span ? context.with(trace.setSpan(context.active(), span), run) : run();
  } catch (error) {
    shape.answeredSynchronously = true;
    finish(error);
    throw error;
  }
  shape.answeredSynchronously = !(result instanceof Promise || isPendingList(result));
  return settle(result);
}

/**
 * graphql-middleware that measures every field with its own resolver as `Type.field` (see
 * `measure`); fields resolved by the default property resolver count in their parent.
 */
export function resolverTracing(schema: GraphQLSchema, service: string): IMiddlewareTypeMap {
  const traced = (): IMiddlewareFunction => {
    const shape: FieldShape = { answeredSynchronously: false };
    return (resolve, parent, args, context, info: GraphQLResolveInfo): Promise<unknown> =>
      // Returned as is (a value or a promise): graphql-jit handles both; typed as the middleware expects.
      measure(service, info, shape, () => resolve(parent, args, context, info)) as Promise<unknown>;
  };
  const middleware: IMiddlewareTypeMap = {};
  const subscriptionType = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type === subscriptionType) continue;
    const fields = Object.values(type.getFields()).filter((field) => field.resolve !== undefined);
    if (fields.length > 0) middleware[type.name] = Object.fromEntries(fields.map((field) => [field.name, traced()]));
  }
  return middleware;
}
