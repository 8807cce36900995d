import cliProgress from 'cli-progress';
import type { ProgressListener } from './import-candles.js';

/** A progress display for a long write; `stop` ends it. */
export interface ImportProgress {
  readonly onProgress: ProgressListener;
  stop(): void;
}

/**
 * Shows import progress: a cli-progress bar when `stream` is a terminal, otherwise a plain line at
 * most every `intervalMs` (and at the end), so logs of non-interactive runs stay readable.
 */
export function importProgress(label: string, stream: NodeJS.WriteStream = process.stdout, intervalMs = 2000): ImportProgress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    onProgress(done, total) {
      const now = Date.now();
      if (done < total && now - last < intervalMs) return;
      last = now;
      stream.write(`${label}: ${done}/${total} rows (${Math.floor((done / Math.max(total, 1)) * 100)}%)\n`);
    },
    stop: () => {},
  };
}
