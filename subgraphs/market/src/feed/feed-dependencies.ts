import type { Logger } from '@cryptograph/core';
import type { MarketSchema } from '../db/market-database.js';
import type { PriceIngestor } from '../ingest/price-ingestor.js';
import type { FeedReporter } from './feed-reporter.js';

/** What every market feed (live or offline) writes through and reports to. */
export interface FeedDependencies {
  readonly db: MarketSchema;
  readonly ingestor: PriceIngestor;
  readonly logger: Logger;
  /** Receives the feed's clock and mode (optional: tools may run without one). */
  readonly reporter?: FeedReporter;
}
