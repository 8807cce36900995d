import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCandles } from '../candles/candle.repository.js';
import { startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { dataFile } from '../test-support/shared-data.js';
import { CandleImportError, importCandles } from './import-candles.js';

let market: MarketTestService;
let dir: string;
let sliceFile: string;
let sliceRows: number;

const header = 'ts,open,high,low,close,volume';

beforeAll(async () => {
  market = await startMarketTestService();
  dir = await mkdtemp(join(tmpdir(), 'cryptograph-import-'));
  // A slice of the real ETH daily file (the repo's shipped copy), header plus 400 rows.
  const lines = gunzipSync(readFileSync(dataFile('ETH', '1d')))
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .slice(0, 401);
  sliceRows = lines.length - 1;
  sliceFile = join(dir, 'eth-slice.csv');
  await writeFile(sliceFile, `${lines.join('\n')}\n`);
});

afterAll(async () => {
  await market?.close();
  await rm(dir, { recursive: true, force: true });
});

async function csv(name: string, rows: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${[header, ...rows].join('\n')}\n`);
  return file;
}

describe('importCandles', () => {
  it('imports a file, and importing it again changes nothing', async () => {
    const progress: [number, number][] = [];
    const first = await importCandles(market.service.db, {
      symbol: 'ETH',
      interval: '1d',
      file: sliceFile,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(first).toMatchObject({ rows: sliceRows, inserted: sliceRows, updated: 0, unchanged: 0, skipped: [] });
    expect(progress.at(-1)).toEqual([sliceRows, sliceRows]);
    expect(await countCandles(market.service.db, 'ETH', '1d')).toBe(sliceRows);

    const second = await importCandles(market.service.db, { symbol: 'ETH', interval: '1d', file: sliceFile });
    expect(second).toMatchObject({ rows: sliceRows, inserted: 0, updated: 0, unchanged: sliceRows });
    expect(await countCandles(market.service.db, 'ETH', '1d')).toBe(sliceRows);
  });

  it('updates a bar whose values changed (upsert by symbol, interval, ts)', async () => {
    const file = await csv('changed.csv', ['2017-11-09T00:00:00Z,1,2,0.5,1.5,100']);
    const report = await importCandles(market.service.db, { symbol: 'ETH', interval: '1d', file });
    expect(report).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const row = await market.service.db
      .selectFrom('candles')
      .selectAll()
      .where('symbol', '=', 'ETH')
      .where('interval', '=', '1d')
      .where('ts', '=', new Date('2017-11-09T00:00:00Z'))
      .executeTakeFirstOrThrow();
    expect([row.open, row.high, row.low, row.close, row.volume]).toEqual([1, 2, 0.5, 1.5, 100]);
    await importCandles(market.service.db, { symbol: 'ETH', interval: '1d', file: sliceFile });
  });

  const badFile = [
    '2023-01-01T00:00:00Z,10,12,9,11,5', // line 2: good
    '2023-01-02T00:00:00Z,10,abc,9,11,5', // line 3: bad number
    '2023-01-03T00:00:00Z,10,10.5,9,11,5', // line 4: high < max(open, close)
    '2023-01-04T00:00:00Z,10,12,10.5,11,5', // line 5: low > min(open, close)
    '2023-01-05T00:00:00Z,10,12,9,11,-1', // line 6: negative volume
    '2023-01-05T00:00:00Z,10,12,9,11,5', // line 7: good (line 6 was bad, so not a duplicate)
    '2023-01-05T00:00:00Z,10,12,9,11,5', // line 8: duplicate ts
    '2023-01-04T00:00:00Z,10,12,9,11,5', // line 9: unsorted
    '2023-02-30T00:00:00Z,10,12,9,11,5', // line 10: bad timestamp
    '2023-01-09T00:00:00Z,10,12,9,11', // line 11: wrong column count
    '2023-01-10T12:00:00Z,10,12,9,11,5', // line 12: not a day boundary
    '2023-01-11T00:00:00Z,10,12,9,11,5', // line 13: good
  ];

  it('reports every bad row with its line number and reason, and imports nothing', async () => {
    const file = await csv('bad.csv', badFile);
    const error = await importCandles(market.service.db, { symbol: 'XRP', interval: '1d', file }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CandleImportError);
    const badRows = (error as CandleImportError).badRows;
    expect(badRows.map((row) => row.line)).toEqual([3, 4, 5, 6, 8, 9, 10, 11, 12]);
    expect(badRows.map((row) => row.reason)).toEqual([
      expect.stringContaining('high "abc" is not a number'),
      expect.stringContaining('high 10.5 is below max(open, close) 11'),
      expect.stringContaining('low 10.5 is above min(open, close) 10'),
      expect.stringContaining('volume -1 is negative'),
      expect.stringContaining('duplicate ts'),
      expect.stringContaining('before the previous row'),
      expect.stringContaining('not an ISO-8601 UTC timestamp'),
      expect.stringContaining('expected 6 columns'),
      expect.stringContaining('not the start of a 1d bar'),
    ]);
    expect((error as Error).message).toContain('line 4: high 10.5 is below');
    expect(await countCandles(market.service.db, 'XRP', '1d')).toBe(0);
  });

  it('imports the good rows with skipBadRows and reports the skipped ones', async () => {
    const file = await csv('bad-skip.csv', badFile);
    const report = await importCandles(market.service.db, { symbol: 'XRP', interval: '1d', file, skipBadRows: true });
    expect(report).toMatchObject({ rows: 12, inserted: 3, updated: 0 });
    expect(report.skipped).toHaveLength(9);
    expect(await countCandles(market.service.db, 'XRP', '1d')).toBe(3);
  });

  it('creates an asset that is not tracked yet with `create`, in the same transaction as its candles', async () => {
    await expect(importCandles(market.service.db, { symbol: 'LTC', interval: '1d', file: sliceFile })).rejects.toThrow(
      /not tracked yet\. Pass --create --name/,
    );
    expect(await countCandles(market.service.db, 'LTC', '1d')).toBe(0);
    const report = await importCandles(market.service.db, { symbol: 'LTC', interval: '1d', file: sliceFile, create: { name: 'Litecoin' } });
    expect(report).toMatchObject({ created: true, inserted: sliceRows });
    expect((await market.request(`{ asset(symbol: "LTC") { symbol name quote active } }`)).data).toEqual({
      asset: { symbol: 'LTC', name: 'Litecoin', quote: 'USD', active: true },
    });
    // Again: nothing to create, nothing changed.
    expect(await importCandles(market.service.db, { symbol: 'LTC', interval: '1d', file: sliceFile, create: { name: 'Litecoin' } })).toMatchObject({
      created: false,
      inserted: 0,
      unchanged: sliceRows,
    });
  });

  it('refuses an unknown asset, a missing file and a file without the header', async () => {
    await expect(importCandles(market.service.db, { symbol: 'NOPE', interval: '1d', file: sliceFile })).rejects.toThrow(/Unknown asset "NOPE"/);
    await expect(importCandles(market.service.db, { symbol: 'ETH', interval: '1d', file: join(dir, 'missing.csv') })).rejects.toThrow(/Cannot read/);
    const headless = join(dir, 'headless.csv');
    await writeFile(headless, '2023-01-01T00:00:00Z,10,12,9,11,5\n');
    const error = (await importCandles(market.service.db, { symbol: 'ETH', interval: '1d', file: headless }).catch(
      (caught: unknown) => caught,
    )) as CandleImportError;
    expect(error.badRows).toEqual([{ line: 1, reason: `header must be "${header}"` }]);
  });
});
