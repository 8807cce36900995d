// Test preload (`node --import`): records every outgoing TCP connection the process attempts, one JSON
// line `{ host, port }` per attempt in the file named by RECORD_CONNECTIONS_FILE, and refuses those
// that leave the machine (the socket errors at once), so a test sees what a process would reach
// while still talking to loopback only.
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const file = process.env.RECORD_CONNECTIONS_FILE;
const loopback = /^(localhost|127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/i;

/** The target of a `Socket#connect` call, however it was called (options, port and host, or net's normalized array). */
function targetOf(args: unknown[]): { host: string; port: number | undefined; path: string | undefined } {
  const [first, second] = args;
  const options = (Array.isArray(first) ? first[0] : first) as { host?: string; port?: number; path?: string } | number | string;
  if (typeof options === 'object' && options !== null)
    return { host: options.path ? 'unix' : (options.host ?? 'localhost'), port: options.port, path: options.path };
  if (typeof options === 'string' && Number.isNaN(Number(options))) return { host: 'unix', port: undefined, path: options };
  return { host: typeof second === 'string' ? second : 'localhost', port: Number(options), path: undefined };
}

if (file) {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function recordedConnect(this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args);
    appendFileSync(file, `${JSON.stringify({ host: target.host, port: target.port })}\n`);
    if (target.host !== 'unix' && !loopback.test(target.host)) {
      process.nextTick(() =>
        this.destroy(Object.assign(new Error(`connect ECONNREFUSED ${target.host}:${target.port} (refused by the test)`), { code: 'ECONNREFUSED' })),
      );
      return this;
    }
    return (connect as (...parameters: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
}
