import { EventEmitter } from 'node:events';
import type { EventBus, EventHandler } from './event-bus.js';

/** The in-process bus used on embedded defaults; messages are JSON round-tripped like over Redis. */
export function createMemoryEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(channel, message) {
      const payload = JSON.stringify(message);
      queueMicrotask(() => emitter.emit(channel, payload));
    },
    async subscribe(channel, handler: EventHandler) {
      const listener = (payload: string) => handler(JSON.parse(payload));
      emitter.on(channel, listener);
      return async () => {
        emitter.off(channel, listener);
      };
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
