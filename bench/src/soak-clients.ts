/**
 * The soak benchmark's subscribers, in their own process (so they do not share the system's event
 * loop): N graphql-ws (`graphql-transport-ws`) sockets, each with the same `priceUpdated`
 * subscription, counting `next` frames and the newest tick per symbol. Driven over IPC. Plain
 * sockets on purpose, not the graphql-ws client of @cryptograph/testing: hundreds of subscribers
 * only count frames, and the client library's parsing would compete with the system measured.
 */
import WebSocket from 'ws';
import type { SoakCommand, SoakReply, SoakStats, SubscriberStats } from './soak-types.js';

interface Subscriber {
  socket: WebSocket;
  frames: number;
  last: Record<string, string>;
  outOfOrder: number;
}

const subscribers: Subscriber[] = [];
const problems: string[] = [];
const problem = (text: string) => void (problems.length < 50 && problems.push(text));

function open(url: string, token: string, query: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const subscriber: Subscriber = { socket, frames: 0, last: {}, outOfOrder: 0 };
    const timer = setTimeout(() => reject(new Error('no connection_ack within 20 s')), 20_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; payload?: { data?: { priceUpdated?: { symbol: string; ts: string } } } };
      if (message.type === 'connection_ack') {
        clearTimeout(timer);
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        subscribers.push(subscriber);
        resolve();
      } else if (message.type === 'next' && message.payload?.data?.priceUpdated) {
        const tick = message.payload.data.priceUpdated;
        subscriber.frames += 1;
        if ((subscriber.last[tick.symbol] ?? '') > tick.ts) subscriber.outOfOrder += 1;
        else subscriber.last[tick.symbol] = tick.ts;
      } else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      else if (message.type !== 'pong') problem(`frame ${data.toString().slice(0, 200)}`);
    });
    socket.on('close', (code) => code !== 1000 && problem(`closed by the server: ${code}`));
    socket.on('error', (error) => {
      problem(`socket error: ${error.message}`);
      reject(error);
    });
  });
}

async function handle(command: SoakCommand): Promise<unknown> {
  switch (command.type) {
    case 'connect':
      for (let index = 0; index < command.count; index += 50) {
        await Promise.all(Array.from({ length: Math.min(50, command.count - index) }, () => open(command.url, command.token, command.query)));
      }
      return { opened: subscribers.length };
    case 'stats': {
      const stats: SoakStats = {
        open: subscribers.filter((subscriber) => subscriber.socket.readyState === WebSocket.OPEN).length,
        subscribers: subscribers.map(({ frames, last, outOfOrder }): SubscriberStats => ({ frames, last: { ...last }, outOfOrder })),
        problems,
      };
      return stats;
    }
    case 'close':
      for (const { socket } of subscribers) socket.close(1000);
      setTimeout(() => process.exit(0), 200);
      return null;
  }
}

process.on('message', ({ seq, command }: { seq: number; command: SoakCommand }) => {
  handle(command).then(
    (result) => process.send!({ seq, ok: true, result } satisfies SoakReply),
    (error: unknown) => process.send!({ seq, ok: false, error: String(error) } satisfies SoakReply),
  );
});
process.on('disconnect', () => process.exit(0));
