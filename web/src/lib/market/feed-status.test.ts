import { describe, expect, it } from 'vitest';
import { feedStatus } from './feed-status';

const at = Date.parse('2026-12-07T10:00:00Z');

describe('feedStatus', () => {
  it('labels the source and runs the clock on at the feed speed between reports', () => {
    const report = { source: 'SIMULATED', mode: 'simulated', speed: 60, time: '2024-07-01T03:12:00.000Z', lagSeconds: 0.4 } as const;
    expect(feedStatus(report, at, at, 5000)).toEqual({
      label: 'SIMULATED',
      tone: 'simulated',
      clock: '2024-07-01 03:12 UTC',
      speed: '60×',
      stalled: false,
      waiting: false,
      explanation: expect.stringContaining('Simulated prices'),
    });
    // Two seconds later at 60×: two feed minutes on.
    expect(feedStatus(report, at + 2000, at, 5000).clock).toBe('2024-07-01 03:14 UTC');
    // Never more than one poll ahead of the report.
    expect(feedStatus(report, at + 20_000, at, 5000).clock).toBe('2024-07-01 03:17 UTC');
  });

  it('shows live data in real time and replay at max speed', () => {
    expect(feedStatus({ source: 'LIVE', mode: 'live', speed: 1, time: '2026-12-07T09:59:58.000Z', lagSeconds: 2 }, at, at, 5000)).toMatchObject({
      label: 'LIVE',
      tone: 'live',
      speed: null,
      clock: '2026-12-07 09:59 UTC',
    });
    expect(feedStatus({ source: 'REPLAY', mode: 'replay', speed: null, time: '2023-12-29T17:00:00.000Z', lagSeconds: 0 }, at, at, 5000)).toMatchObject({
      label: 'REPLAY',
      speed: 'max',
    });
  });

  it('says when the feed is off or stalled', () => {
    expect(feedStatus(null, at, at, 5000)).toMatchObject({ label: 'OFF', tone: 'off', clock: null });
    expect(feedStatus({ source: null, mode: 'off', speed: null, time: '2024-07-02T00:00:00.000Z', lagSeconds: null }, at, at, 5000)).toMatchObject({
      label: 'OFF',
      clock: '2024-07-02 00:00 UTC',
    });
    const stalled = feedStatus({ source: 'SIMULATED', mode: 'simulated', speed: 60, time: '2024-07-01T03:12:00.000Z', lagSeconds: 45 }, at + 3000, at, 5000);
    expect(stalled).toMatchObject({ stalled: true, clock: '2024-07-01 03:12 UTC' });
    expect(stalled.explanation).toContain('No new price for 48 s.');
  });

  it('says when a running feed has not produced a price yet, e.g. a live feed that cannot reach the exchange', () => {
    const connecting = feedStatus({ source: 'LIVE', mode: 'live', speed: 1, time: null, lagSeconds: null }, at + 60_000, at, 5000);
    expect(connecting).toMatchObject({ label: 'LIVE', tone: 'live', clock: null, waiting: true, stalled: false });
    expect(connecting.explanation).toContain('No price yet: connecting to the exchange');
    expect(feedStatus({ source: 'SIMULATED', mode: 'simulated', speed: 60, time: null, lagSeconds: null }, at, at, 5000)).toMatchObject({
      waiting: true,
      speed: '60×',
    });
  });
});
