import { describe, expect, it } from 'vitest';
import { applyTick, relativeChange, toBars } from './live-candles';

describe('applyTick', () => {
  const [bar] = toBars([{ ts: '2024-01-01T00:01:00.000Z', open: 10, high: 12, low: 9, close: 11 }]);

  it('updates close, high and low of the bar the tick falls in', () => {
    expect(applyTick(bar, 13, '2024-01-01T00:01:30.000Z', 60)).toEqual({ time: bar!.time, open: 10, high: 13, low: 9, close: 13 });
    expect(applyTick(bar, 8, '2024-01-01T00:01:59.000Z', 60)).toEqual({ time: bar!.time, open: 10, high: 12, low: 8, close: 8 });
  });

  it('opens a new bar at the bucket start for a later bucket and ignores older ticks', () => {
    expect(applyTick(bar, 14, '2024-01-01T00:02:10.000Z', 60)).toEqual({ time: bar!.time + 60, open: 14, high: 14, low: 14, close: 14 });
    expect(applyTick(bar, 14, '2024-01-01T00:00:10.000Z', 60)).toBeNull();
    expect(applyTick(undefined, 5, '2024-01-01T03:10:00.000Z', 3600)).toMatchObject({ time: Date.parse('2024-01-01T03:00:00.000Z') / 1000, close: 5 });
  });
});

describe('relativeChange', () => {
  it('is the fractional change, null without a reference', () => {
    expect(relativeChange(100, 110)).toBeCloseTo(0.1);
    expect(relativeChange(undefined, 110)).toBeNull();
  });
});
