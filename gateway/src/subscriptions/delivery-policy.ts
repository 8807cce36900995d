/** How a lossless stream resumes after the gateway's upstream connection drops. */
export interface ResumeConfig {
  /** Field of the event holding its increasing id. */
  readonly idField: string;
  /** Argument of the subscription field that resumes after an id. */
  readonly afterArgument: string;
}

/** How events of one subscription field reach clients that cannot keep up. */
export type DeliveryPolicy =
  /** Latest wins: a pending event is replaced by a newer one with the same key. */
  | { readonly kind: 'conflate'; readonly keyField: string }
  /** Nothing may be dropped: a client too far behind is disconnected and resumes itself. */
  | { readonly kind: 'lossless'; readonly resume?: ResumeConfig };

const lossless: DeliveryPolicy = { kind: 'lossless' };

/** Per root field: price ticks conflate per symbol; predictions resume by id; the rest is lossless. */
const policies: Readonly<Record<string, DeliveryPolicy>> = {
  priceUpdated: { kind: 'conflate', keyField: 'symbol' },
  predictionCreated: { kind: 'lossless', resume: { idField: 'id', afterArgument: 'after' } },
};

/** The delivery policy of a subscription root field (by field name, not alias). */
export function deliveryPolicyOf(rootFieldName: string): DeliveryPolicy {
  return policies[rootFieldName] ?? lossless;
}

/**
 * The conflation key of an event: `keyField` of the root field's value when the subscription
 * selects it, else one key for the whole subscription (it then keeps only the newest event).
 */
export function conflationKeyOf(policy: DeliveryPolicy, eventData: Record<string, unknown>, rootField: string): string | null {
  if (policy.kind !== 'conflate') return null;
  const value = eventData[rootField] as Record<string, unknown> | null | undefined;
  const key = value?.[policy.keyField];
  return typeof key === 'string' || typeof key === 'number' ? String(key) : '';
}
