import { describe, expect, it } from 'vitest';
import { headerPrice } from './header-price';

describe('headerPrice', () => {
  const adaTick = { symbol: 'ADA', price: 0.6123, ts: '2024-07-01T00:05:00.000Z' };

  it("never shows another asset's tick", () => {
    expect(headerPrice('BNB', adaTick, { price: 581.77, ts: '2024-06-30T00:00:00.000Z' })).toBe(581.77);
    expect(headerPrice('BNB', adaTick, null)).toBeUndefined();
  });

  it('shows the newer of the live tick and the latest price', () => {
    expect(headerPrice('ADA', adaTick, { price: 0.39, ts: '2024-06-30T00:00:00.000Z' })).toBe(0.6123);
    expect(headerPrice('ADA', adaTick, { price: 0.7, ts: '2024-07-01T00:06:00.000Z' })).toBe(0.7);
    expect(headerPrice('ADA', null, { price: 0.39, ts: '2024-06-30T00:00:00.000Z' })).toBe(0.39);
  });
});
