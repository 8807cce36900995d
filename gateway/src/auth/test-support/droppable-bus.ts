import { createMemoryEventBus, type EventBus } from '@cryptograph/core/base';

/** An in-process bus that reports itself down (unhealthy, unable to say it caught up) while `connection.up` is false. */
export function droppableBus(): { readonly bus: EventBus; readonly connection: { up: boolean } } {
  const connection = { up: true };
  const bus: EventBus = {
    ...createMemoryEventBus(),
    healthy: () => connection.up,
    caughtUp: async () => {
      if (!connection.up) throw new Error('the bus is down');
    },
  };
  return { bus, connection };
}
