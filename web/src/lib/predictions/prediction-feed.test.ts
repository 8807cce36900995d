import { describe, expect, it } from 'vitest';
import { PredictionFeed } from './prediction-feed';

describe('PredictionFeed', () => {
  it('keeps the newest first, resumes after the highest id and drops replayed duplicates', () => {
    const feed = new PredictionFeed<{ id: string }>(3);
    expect(feed.after).toBeUndefined();
    feed.seed([{ id: '9' }, { id: '10' }, { id: '8' }]);
    expect(feed.after).toBe('10');
    expect(feed.add({ id: '10' })).toBe(false);
    expect(feed.add({ id: '11' })).toBe(true);
    expect(feed.items.map((item) => item.id)).toEqual(['11', '10', '9']);
    expect(feed.after).toBe('11');
  });
});
