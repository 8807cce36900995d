/**
 * Subscriber process of the fan-out benchmark, forked by `fanout.bench.ts` so that thousands of
 * client sockets do not share an event loop with the servers they measure. It holds two sets of
 * plain `ws` sockets (loopback only): "ours" speaks graphql-transport-ws to the gateway
 * (connection_init with the token, wait for the ack, subscribe), "raw" just connects to the
 * reference broadcaster. On the hot path it only counts frames (and, while measuring latency,
 * reads the publish time carried in `price`); it answers the benchmark's commands over IPC.
 * Plain sockets on purpose, not the graphql-ws client of @cryptograph/testing: both targets must
 * cost the client the same, and thousands of graphql-ws clients would measure the client library.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  subscriptionId,
  type CheckFirstResult,
  type ConnectResult,
  type CountResult,
  type FanoutCommand,
  type FanoutReply,
  type FanoutTarget,
  type HealthResult,
  type LatencyResult,
} from './fanout-types.js';

const graphqlWsProtocol = 'graphql-transport-ws';
/** Every `next` frame of subscription "1" starts with this (the gateway and the raw reference alike). */
const nextPrefix = Buffer.from(`{"id":${JSON.stringify(subscriptionId)},"type":"next"`);
const priceKey = Buffer.from('"price":');
const maxExamples = 5;

interface Group {
  readonly sockets: WebSocket[];
  /** Frames received per socket, ever. */
  counts: Uint32Array;
  frames: number;
  first: (string | undefined)[];
  badFrames: number;
  readonly badExamples: string[];
  readonly closes: Record<string, number>;
  readonly errors: string[];
  /** Set while a count window is open. */
  countWindow: { framesAtStart: number; countsAtStart: Uint32Array; startedAt: number; cpuAtStart: NodeJS.CpuUsage } | null;
  /** Set while a latency window is open: publish → receive of every delivery, ms. */
  latency: { samples: number[]; perSocket: Uint32Array; startedAt: number; cpuAtStart: NodeJS.CpuUsage } | null;
  /** Closing on purpose (at the end): closes are not failures then. */
  closing: boolean;
}

const groups: Record<FanoutTarget, Group> = { ours: newGroup(), raw: newGroup() };

function newGroup(): Group {
  return {
    sockets: [],
    counts: new Uint32Array(0),
    frames: 0,
    first: [],
    badFrames: 0,
    badExamples: [],
    closes: {},
    errors: [],
    countWindow: null,
    latency: null,
    closing: false,
  };
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

const now = () => performance.timeOrigin + performance.now();

function cpuShare(since: NodeJS.CpuUsage, ms: number): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000 / ms;
}

/** The hot path: count the frame, check its type by its prefix, read `price` only while measuring latency. */
function onFrame(group: Group, index: number, data: Buffer): void {
  group.frames += 1;
  group.counts[index]! += 1;
  if (group.first[index] === undefined) group.first[index] = data.toString();
  if (data.length < nextPrefix.length || data.compare(nextPrefix, 0, nextPrefix.length, 0, nextPrefix.length) !== 0) {
    group.badFrames += 1;
    if (group.badExamples.length < maxExamples) group.badExamples.push(data.toString().slice(0, 300));
    return;
  }
  const latency = group.latency;
  if (latency) {
    const at = data.indexOf(priceKey);
    if (at < 0) return;
    const sent = Number.parseFloat(data.toString('latin1', at + priceKey.length, at + priceKey.length + 40));
    latency.samples.push(now() - sent);
    latency.perSocket[index]! += 1;
  }
}

function openSocket(
  group: Group,
  target: FanoutTarget,
  index: number,
  url: string,
  graphql: Extract<FanoutCommand, { type: 'connect' }>['graphql'],
): Promise<{ acked: boolean; subscribed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, graphql ? [graphqlWsProtocol] : [], { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 30_000 });
    group.sockets[index] = socket;
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      reject(new Error(reason));
    };
    socket.once('error', (error) => fail(`${target} socket ${index}: ${error.message}`));
    socket.on('close', (code) => {
      if (!settled) return fail(`${target} socket ${index} closed with ${code} while connecting`);
      if (!group.closing) group.closes[code] = (group.closes[code] ?? 0) + 1;
    });
    socket.once('open', () => {
      socket.on('error', (error) => {
        if (group.errors.length < maxExamples) group.errors.push(`${target} socket ${index}: ${error.message}`);
      });
      if (!graphql) {
        settled = true;
        socket.on('message', (data: Buffer) => onFrame(group, index, data));
        return resolve({ acked: true, subscribed: true });
      }
      socket.once('message', (data: Buffer) => {
        const text = data.toString();
        let type: unknown;
        try {
          type = (JSON.parse(text) as { type?: unknown }).type;
        } catch {
          type = undefined;
        }
        if (type !== 'connection_ack') return fail(`${target} socket ${index}: expected connection_ack, got ${text.slice(0, 200)}`);
        socket.on('message', (frame: Buffer) => onFrame(group, index, frame));
        socket.send(JSON.stringify({ id: subscriptionId, type: 'subscribe', payload: { query: graphql.query } }));
        settled = true;
        resolve({ acked: true, subscribed: true });
      });
      socket.send(JSON.stringify({ type: 'connection_init', payload: graphql.connectionParams }));
    });
  });
}

async function connect(command: Extract<FanoutCommand, { type: 'connect' }>): Promise<ConnectResult> {
  if (!isLoopback(command.url)) throw new Error(`refusing to connect to a non-loopback URL: ${command.url}`);
  const started = Date.now();
  const group = groups[command.target];
  if (group.sockets.length > 0) throw new Error(`${command.target} is already connected`);
  group.counts = new Uint32Array(command.count);
  group.first = new Array<string | undefined>(command.count).fill(undefined);
  let next = 0;
  let opened = 0;
  let acked = 0;
  let subscribed = 0;
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: Math.min(command.concurrency, command.count) }, async () => {
      while (next < command.count) {
        const index = next++;
        try {
          const result = await openSocket(group, command.target, index, command.url, command.graphql);
          opened += 1;
          if (result.acked) acked += 1;
          if (result.subscribed) subscribed += 1;
        } catch (error) {
          if (failures.length < maxExamples) failures.push(error instanceof Error ? error.message : String(error));
          if (failures.length === 1 && /EMFILE|ENFILE/.test(String(error))) {
            failures.push('out of file descriptors: raise the open-files limit (ulimit -n) of this shell');
          }
        }
      }
    }),
  );
  return { opened, acked, subscribed, failures, ms: Date.now() - started };
}

async function checkFirst(command: Extract<FanoutCommand, { type: 'check-first' }>): Promise<CheckFirstResult> {
  const started = Date.now();
  const group = groups[command.target];
  const received = () => group.first.reduce((sum, frame) => sum + (frame === undefined ? 0 : 1), 0);
  while (received() < group.sockets.length && Date.now() - started < command.timeoutMs) await new Promise((resolve) => setTimeout(resolve, 50));
  const expected = JSON.stringify(command.expected);
  let ok = 0;
  let sample: string | null = null;
  const badExamples: string[] = [];
  for (const frame of group.first) {
    if (frame === undefined) continue;
    let good: boolean;
    try {
      const message = JSON.parse(frame) as { id?: unknown; type?: unknown; payload?: { data?: unknown; errors?: unknown } };
      good =
        message.id === subscriptionId && message.type === 'next' && message.payload?.errors === undefined && JSON.stringify(message.payload?.data) === expected;
    } catch {
      good = false;
    }
    if (good) {
      ok += 1;
      sample ??= frame;
    } else if (badExamples.length < maxExamples) badExamples.push(frame.slice(0, 300));
  }
  return { sockets: group.sockets.length, received: received(), ok, badExamples, sample, ms: Date.now() - started };
}

function countStart(target: FanoutTarget): null {
  const group = groups[target];
  group.countWindow = { framesAtStart: group.frames, countsAtStart: group.counts.slice(), startedAt: now(), cpuAtStart: process.cpuUsage() };
  return null;
}

function countStop(target: FanoutTarget): CountResult {
  const group = groups[target];
  const window = group.countWindow;
  if (!window) throw new Error('no count window is open');
  group.countWindow = null;
  const ms = now() - window.startedAt;
  let perSocketMin = Number.POSITIVE_INFINITY;
  let perSocketMax = 0;
  for (let i = 0; i < group.counts.length; i++) {
    const frames = group.counts[i]! - window.countsAtStart[i]!;
    perSocketMin = Math.min(perSocketMin, frames);
    perSocketMax = Math.max(perSocketMax, frames);
  }
  return {
    frames: group.frames - window.framesAtStart,
    seconds: ms / 1000,
    perSocketMin: Number.isFinite(perSocketMin) ? perSocketMin : 0,
    perSocketMax,
    clientCpu: cpuShare(window.cpuAtStart, ms),
  };
}

function latencyStart(target: FanoutTarget): null {
  const group = groups[target];
  group.latency = { samples: [], perSocket: new Uint32Array(group.sockets.length), startedAt: now(), cpuAtStart: process.cpuUsage() };
  return null;
}

function latencyStop(target: FanoutTarget): LatencyResult {
  const group = groups[target];
  const window = group.latency;
  if (!window) throw new Error('no latency window is open');
  group.latency = null;
  const ms = now() - window.startedAt;
  const sorted = Float64Array.from(window.samples).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : Number.NaN);
  let sum = 0;
  for (const value of sorted) sum += value;
  let perSocketMin = Number.POSITIVE_INFINITY;
  for (const count of window.perSocket) perSocketMin = Math.min(perSocketMin, count);
  return {
    deliveries: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    perSocketMin: Number.isFinite(perSocketMin) ? perSocketMin : 0,
    clientCpu: cpuShare(window.cpuAtStart, ms),
  };
}

function health(target: FanoutTarget): HealthResult {
  const group = groups[target];
  return {
    open: group.sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length,
    frames: group.frames,
    badFrames: group.badFrames,
    badExamples: group.badExamples,
    closes: group.closes,
    errors: group.errors,
  };
}

async function closeAll(): Promise<null> {
  for (const group of Object.values(groups)) {
    group.closing = true;
    for (const socket of group.sockets) socket?.terminate();
  }
  return null;
}

async function handle(command: FanoutCommand): Promise<unknown> {
  switch (command.type) {
    case 'connect':
      return connect(command);
    case 'check-first':
      return checkFirst(command);
    case 'count-start':
      return countStart(command.target);
    case 'count-stop':
      return countStop(command.target);
    case 'latency-start':
      return latencyStart(command.target);
    case 'latency-stop':
      return latencyStop(command.target);
    case 'health':
      return health(command.target);
    case 'close':
      return closeAll();
  }
}

process.on('message', (message: { seq: number; command: FanoutCommand }) => {
  handle(message.command).then(
    (result) => {
      const reply: FanoutReply = { seq: message.seq, ok: true, result };
      process.send!(reply, () => {
        if (message.command.type === 'close') process.exit(0);
      });
    },
    (error: unknown) => {
      const reply: FanoutReply = { seq: message.seq, ok: false, error: String(error instanceof Error ? error.stack : error) };
      process.send!(reply);
    },
  );
});
// The benchmark owns this process: when it goes away, so do we.
process.on('disconnect', () => process.exit(1));
