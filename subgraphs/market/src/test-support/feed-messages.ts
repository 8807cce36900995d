import {
  barClosedChannel,
  candlesChangedChannel,
  priceTickChannel,
  type BarClosedMessage,
  type CandlesChangedMessage,
  type EventBus,
  type PriceTickMessage,
} from '@cryptograph/core';

/** The messages a feed publishes on the bus, collected in arrival order, with their subscriptions. */
export interface FeedMessages {
  /** Price ticks (`priceTickChannel`). */
  readonly ticks: PriceTickMessage[];
  /** Closed bars (`barClosedChannel`). */
  readonly closed: BarClosedMessage[];
  /** Changed candle ranges (`candlesChangedChannel`). */
  readonly changed: CandlesChangedMessage[];
  /** Starts collecting from the three feed channels of `bus`. */
  subscribe(bus: EventBus): Promise<void>;
  /** Ends every subscription, one after the other. */
  unsubscribe(): Promise<void>;
}

/** Empty collections of a feed's bus messages; `subscribe` starts filling them. */
export function feedMessages(): FeedMessages {
  const ticks: PriceTickMessage[] = [];
  const closed: BarClosedMessage[] = [];
  const changed: CandlesChangedMessage[] = [];
  const unsubscribes: (() => Promise<void>)[] = [];
  return {
    ticks,
    closed,
    changed,
    async subscribe(bus) {
      unsubscribes.push(
        await bus.subscribe(priceTickChannel, (message) => void ticks.push(message as PriceTickMessage)),
        await bus.subscribe(barClosedChannel, (message) => void closed.push(message as BarClosedMessage)),
        await bus.subscribe(candlesChangedChannel, (message) => void changed.push(message as CandlesChangedMessage)),
      );
    },
    async unsubscribe() {
      for (const unsubscribe of unsubscribes) await unsubscribe();
    },
  };
}
