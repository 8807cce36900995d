import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Bar } from '../candles/candle.table.js';

/** A request the fake exchange received. */
export interface RecordedRequest {
  readonly path: string;
  readonly query: Record<string, string>;
  /** Wall-clock time it arrived (ms). */
  readonly at: number;
  readonly status: number;
}

const granularities = new Set([60, 300, 900, 3600, 21600, 86400]);

/**
 * A local stand-in for Coinbase Exchange on one loopback port, speaking its public formats as
 * recorded from the real service: REST `GET /time` (`{ iso, epoch }`) and
 * `GET /products/{id}/candles?granularity&start&end` (rows `[time, low, high, open, close, volume]`,
 * newest first, at most 300, 400 when the range asks for more, bounds inclusive, minutes without
 * trades left out), 429 `{ "message": "Public rate limit exceeded" }` on demand; and the WebSocket
 * feed (`subscribe` answered by `subscriptions`, then `ticker` and `heartbeat` messages).
 */
export class FakeExchange {
  readonly requests: RecordedRequest[] = [];
  readonly subscribes: unknown[] = [];
  readonly sockets = new Set<WebSocket>();
  /** The exchange's clock (what `/time` answers). */
  now = new Date();
  private readonly candles = new Map<string, Bar[]>();
  private failures: number[] = [];
  private readonly server: Server;
  private readonly wss: WebSocketServer;

  private constructor() {
    this.server = createServer((request, response) => this.answer(request, response));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { product_ids: string[] };
        this.subscribes.push(message);
        socket.send(
          JSON.stringify({
            type: 'subscriptions',
            channels: [
              { name: 'ticker', product_ids: message.product_ids },
              { name: 'heartbeat', product_ids: message.product_ids },
            ],
          }),
        );
      });
    });
  }

  /** Starts a fake exchange on a free loopback port. */
  static async start(): Promise<FakeExchange> {
    const exchange = new FakeExchange();
    await new Promise<void>((resolve) => exchange.server.listen(0, '127.0.0.1', resolve));
    return exchange;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Sets the candles the exchange has for a product and granularity. */
  setCandles(productId: string, granularity: number, bars: readonly Bar[]): void {
    this.candles.set(
      `${productId}:${granularity}`,
      [...bars].sort((a, b) => a.ts.getTime() - b.ts.getTime()),
    );
  }

  /** Answers the next requests with these statuses (429, 503...) before answering normally again. */
  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  /** Candle requests received so far. */
  candleRequests(granularity?: number): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.path.endsWith('/candles') && (granularity === undefined || request.query.granularity === String(granularity)),
    );
  }

  /** Sends a frame to every connected client. */
  send(frame: string | object): void {
    for (const socket of this.sockets) socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Drops every connection, as a network failure would. */
  dropAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://exchange');
    const query = Object.fromEntries(url.searchParams);
    const reply = (status: number, body: unknown) => {
      this.requests.push({ path: url.pathname, query, at: Date.now(), status });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const failure = this.failures.shift();
    if (failure === 429) return reply(429, { message: 'Public rate limit exceeded' });
    if (failure !== undefined) return reply(failure, failure >= 500 ? '<html><body>upstream unavailable</body></html>' : { message: 'error' });
    if (url.pathname === '/time') return reply(200, { iso: this.now.toISOString(), epoch: this.now.getTime() / 1000 });
    const match = /^\/products\/([A-Z0-9]+-[A-Z]+)\/candles$/.exec(url.pathname);
    if (!match) return reply(404, { message: 'NotFound' });
    const granularity = Number(query.granularity ?? 60);
    if (!granularities.has(granularity)) return reply(400, { message: 'Unsupported granularity' });
    const end = query.end ? Date.parse(query.end) : this.now.getTime();
    const start = query.start ? Date.parse(query.start) : end - 300 * granularity * 1000;
    if (Number.isNaN(start) || Number.isNaN(end) || start > end) return reply(400, { message: 'Invalid start or end' });
    if (Math.floor((end - start) / (granularity * 1000)) + 1 > 300)
      return reply(400, { message: 'granularity too small for the requested time range. Count of aggregations requested exceeds 300' });
    const bars = (this.candles.get(`${match[1]}:${granularity}`) ?? []).filter((bar) => bar.ts.getTime() >= start && bar.ts.getTime() <= end);
    return reply(
      200,
      bars.reverse().map((bar) => [bar.ts.getTime() / 1000, bar.low, bar.high, bar.open, bar.close, bar.volume]),
    );
  }
}

/** A recorded-style ticker message of the WebSocket feed. */
export const tickerMessage = (product: string, price: string, time: string, lastSize = '0.01') => ({
  type: 'ticker',
  sequence: 70_000_000_000,
  product_id: product,
  price,
  open_24h: '43000.00',
  volume_24h: '12000.1',
  low_24h: '42000.00',
  high_24h: '44000.00',
  volume_30d: '300000.1',
  best_bid: price,
  best_bid_size: '0.5',
  best_ask: price,
  best_ask_size: '0.4',
  side: 'buy',
  time,
  trade_id: 600_000_000,
  last_size: lastSize,
});
