import { freePort } from './free-port.js';
import { answersOk, startServiceProcess, type ServiceProcess } from './service-process.js';

/** A standalone gateway process and where it listens. */
export interface GatewayProcess {
  readonly process: ServiceProcess;
  /** Its base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
}

/**
 * Starts `gateway/src/main.ts` as its own process on a free port (test mode, warnings only), with
 * `env` on top (its DATA_DIR, secrets, subgraph URLs or supergraph); resolves once `/health` answers.
 */
export async function startGatewayProcess(env: Readonly<Record<string, string>>, timeoutMs?: number): Promise<GatewayProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = await startServiceProcess(
    'gateway',
    { entry: 'gateway/src/main.ts', env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: String(port), ...env } },
    () => answersOk(`${url}/health`),
    timeoutMs,
  );
  return { process, url };
}
