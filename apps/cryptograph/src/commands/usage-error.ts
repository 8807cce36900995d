/** Usage text of `npm run cli`. */
export const usage = `Usage: npm run cli -- <command> [options]

Commands:
  create-admin --email <email> --username <name> --password <password>
      Creates an admin account. An existing admin with that email or username is left as it is
      (its password is not changed); any other account holding either is refused, never promoted.
  import-candles --symbol <BTC> --interval <M1|D1> --file <path.csv[.gz]> [--skip-bad-rows] [--create --name <name>]
      Imports OHLCV candles (CSV: ts,open,high,low,close,volume) into an asset; idempotent.
      A file with bad rows imports nothing unless --skip-bad-rows. An asset that is not tracked
      yet is refused unless --create --name "<name>" adds it. Real data replaces simulated bars.
  replay [--speed <60|1|10|max>]
      Runs the offline feed: shipped minutes newer than the stored history, then the simulated
      market (default speed: REPLAY_SPEED or 60, i.e. one minute of data per second) until Ctrl+C.
      Waits while a running market service leads the feed.
  train --model <id> [--from <ISO date>] [--to <ISO date>]
      Trains a model on its asset's candles (default window: the data available), runs a worker
      until the job finishes and prints the new version and its metrics.
  help
      Prints this text.
`;

/** A command-line mistake: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
