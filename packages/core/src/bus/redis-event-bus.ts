import { Redis } from 'ioredis';
import type { EventBus, EventHandler } from './event-bus.js';

/**
 * Redis pub/sub bus: one connection publishes, one subscribes; local handlers of a channel share
 * the single Redis subscription. Channel names are prefixed with `prefix:` so that several
 * installations (or test systems) can share one Redis without hearing each other.
 */
export function createRedisEventBus(url: string, prefix = 'cryptograph'): EventBus {
  const redisChannel = (channel: string) => `${prefix}:${channel}`;
  const publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: false });
  const handlers = new Map<string, Set<EventHandler>>();
  // ioredis reconnects and subscribes again by itself; what was published in between is lost.
  let interruptions = 0;
  subscriber.on('close', () => void (interruptions += 1));
  subscriber.on('message', (channel: string, payload: string) => {
    const set = handlers.get(channel.slice(prefix.length + 1));
    if (!set) return;
    const message: unknown = JSON.parse(payload);
    for (const handler of set) handler(message);
  });
  return {
    async publish(channel, message) {
      await publisher.publish(redisChannel(channel), JSON.stringify(message));
    },
    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await subscriber.subscribe(redisChannel(channel));
      }
      set.add(handler);
      return async () => {
        const current = handlers.get(channel);
        if (!current?.delete(handler) || current.size > 0) return;
        handlers.delete(channel);
        await subscriber.unsubscribe(redisChannel(channel));
      };
    },
    // Redis answers a PING on the subscribing connection after the messages it already queued for it, and ioredis hands those to `message` first.
    async caughtUp() {
      const before = interruptions;
      if (subscriber.status !== 'ready') throw new Error('the subscribing connection is not up: messages published meanwhile are lost');
      await subscriber.ping();
      if (interruptions !== before) throw new Error('the subscribing connection was lost meanwhile: messages published then are lost');
    },
    healthy: () => publisher.status === 'ready' && subscriber.status === 'ready',
    interruptions: () => interruptions,
    async close() {
      handlers.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
