type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

/**
 * Registers a synchronous cleanup that runs if this process exits or is told to stop
 * (SIGINT/SIGTERM/SIGHUP) while it is still registered; returns the function that
 * unregisters it. Cleanups run newest first.
 */
export function registerExitCleanup(cleanup: Cleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

function runAll(): void {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort while the process is going away: one failing cleanup must not stop the others.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const signal of signals) {
    const onSignal = (): void => {
      runAll();
      if (process.listenerCount(signal) === 1) {
        // Nobody else handles this signal: restore the default behaviour (terminate) and re-raise it.
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
