/** A price with its time, as a tick or `Asset.latestPrice` gives it. */
interface TimedPrice {
  readonly price: number;
  readonly ts: string;
}

/**
 * The price an asset page shows for `symbol`: the newer of the live tick (only when it is this
 * symbol's) and the asset's latest price from the query; undefined when neither is known.
 */
export function headerPrice(symbol: string, tick: (TimedPrice & { readonly symbol: string }) | null, latest: TimedPrice | null): number | undefined {
  const live = tick?.symbol === symbol ? tick : null;
  if (live && latest) return Date.parse(live.ts) >= Date.parse(latest.ts) ? live.price : latest.price;
  return (live ?? latest)?.price;
}
