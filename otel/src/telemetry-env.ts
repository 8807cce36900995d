import { z } from 'zod';
import { describeEnvIssues, envErrorName } from './env/env-issues.js';

const samplers = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'parentbased_time_window',
] as const;

const telemetryEnvSchema = z.object({
  /** `true` turns tracing off entirely (metrics stay on). */
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
  /** The `service.name` resource attribute; defaults to the npm workspace that was started. */
  OTEL_SERVICE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .optional(),
  /** Set by npm when a service starts through its `start` script (e.g. `@cryptograph/users`). */
  npm_package_name: z.string().optional(),
  /** OTLP/HTTP collector base URL (e.g. `http://otel-collector:4318`); traces are exported only when set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Explicit traces endpoint (wins over the base URL). */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  /** Sampler, as in the OpenTelemetry spec, plus `parentbased_time_window` (the default: see samplerFromEnv). */
  OTEL_TRACES_SAMPLER: z.enum(samplers).default('parentbased_time_window'),
  /** Share of new traces sampled by the `*traceidratio` and `*time_window` samplers. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(0.1),
});

/** The telemetry settings of a process. */
export type TelemetryEnv = z.infer<typeof telemetryEnvSchema>;

/** Parses the OpenTelemetry variables of a process once; throws an EnvError (one `NAME: rule` line per problem) on invalid values. */
export function loadTelemetryEnv(source: Record<string, string | undefined>): Readonly<TelemetryEnv> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = telemetryEnvSchema.safeParse(cleaned);
  if (!result.success) throw Object.assign(new Error(describeEnvIssues(result.error.issues, telemetryEnvSchema.shape).join('\n')), { name: envErrorName });
  return Object.freeze(result.data);
}

/** The service name of the process: OTEL_SERVICE_NAME, else the started workspace's short name, else `cryptograph`. */
export function serviceNameOf(env: Pick<TelemetryEnv, 'OTEL_SERVICE_NAME' | 'npm_package_name'>): string {
  return env.OTEL_SERVICE_NAME ?? env.npm_package_name?.replace(/^@cryptograph\//, '') ?? 'cryptograph';
}
