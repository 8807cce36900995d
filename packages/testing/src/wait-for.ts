/**
 * Resolves once `predicate` holds, polling every 20 ms; rejects after `timeoutMs` (default 10 s),
 * naming `what` was awaited when given: `waitFor(() => ready, 'the first event', 30_000)` or
 * `waitFor(() => ready, 30_000)`.
 */
export async function waitFor(predicate: () => boolean | Promise<boolean>, what?: string | number, timeoutMs?: number): Promise<void> {
  const limit = typeof what === 'number' ? what : (timeoutMs ?? 10_000);
  const description = typeof what === 'string' ? what : 'the condition';
  const deadline = Date.now() + limit;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
