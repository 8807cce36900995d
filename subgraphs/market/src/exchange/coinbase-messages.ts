/** The product id Coinbase Exchange uses for an asset quoted in USD, e.g. `BTC-USD`. */
export const productIdOf = (symbol: string): string => `${symbol}-USD`;

/** The subscribe message of the Coinbase Exchange WebSocket feed: tickers plus heartbeats. */
export function subscribeMessage(symbols: readonly string[]): string {
  const productIds = symbols.map(productIdOf);
  return JSON.stringify({ type: 'subscribe', product_ids: productIds, channels: ['ticker', 'heartbeat'] });
}

/** A decoded message of the feed. */
export type CoinbaseMessage =
  | { readonly kind: 'ticker'; readonly symbol: string; readonly price: number; readonly size: number; readonly ts: Date }
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'subscriptions'; readonly products: string[] }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'other'; readonly type: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const positiveNumber = (value: unknown): number | null => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) && number > 0 ? number : null;
};

/** Decodes one text frame; never throws (garbage and malformed JSON come back as `invalid`). */
export function decodeCoinbaseMessage(frame: string): CoinbaseMessage {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { kind: 'invalid', reason: 'malformed JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'invalid', reason: 'not a JSON object' };
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ticker': {
      const product = typeof message.product_id === 'string' ? message.product_id : '';
      const [symbol, quote] = product.split('-');
      const price = positiveNumber(message.price);
      const ts = typeof message.time === 'string' ? new Date(message.time) : new Date(Number.NaN);
      if (!symbol || quote !== 'USD' || price === null || Number.isNaN(ts.getTime()))
        return { kind: 'invalid', reason: 'ticker without a USD product, a positive price or a valid time' };
      return { kind: 'ticker', symbol, price, size: positiveNumber(message.last_size) ?? 0, ts };
    }
    case 'heartbeat':
      return { kind: 'heartbeat' };
    case 'subscriptions': {
      const channels = Array.isArray(message.channels) ? (message.channels as { product_ids?: unknown }[]) : [];
      const products = [...new Set(channels.flatMap((channel) => (Array.isArray(channel?.product_ids) ? channel.product_ids.map(String) : [])))];
      return { kind: 'subscriptions', products };
    }
    case 'error':
      return { kind: 'error', message: [message.message, message.reason].filter((part) => typeof part === 'string').join(': ') || 'unknown error' };
    default:
      return typeof message.type === 'string' ? { kind: 'other', type: message.type } : { kind: 'invalid', reason: 'message without a type' };
  }
}
