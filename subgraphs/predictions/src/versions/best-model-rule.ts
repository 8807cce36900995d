/** One evaluation of a candidate model: the window [from, to) it was scored on and its error there. */
export interface CandidateEvaluation {
  readonly from: string;
  readonly to: string;
  readonly mse: number;
}

/** A candidate of `bestModel`: a model and the evaluations of its representative version. */
export interface Candidate {
  readonly modelId: string;
  readonly evaluations: readonly CandidateEvaluation[];
}

const keyOf = (evaluation: { from: string; to: string }) => `${evaluation.from}|${evaluation.to}`;
const newerFirst = (a: { from: string; to: string }, b: { from: string; to: string }) =>
  Date.parse(b.to) - Date.parse(a.to) || Date.parse(b.from) - Date.parse(a.from);

/**
 * The rule of `Query.bestModel` (its schema description says the same): the lowest error on the
 * newest window (latest end, then latest start) that every candidate was evaluated on; when no window
 * is shared by all, the newest window shared by the most candidates decides among those. Candidates
 * without any evaluation do not count. Null when there is nothing to compare.
 */
export function pickBestModel(candidates: readonly Candidate[]): string | null {
  const evaluated = candidates.filter((candidate) => candidate.evaluations.length > 0);
  if (evaluated.length === 0) return null;
  const windows = new Map<string, { from: string; to: string; scores: { modelId: string; mse: number }[] }>();
  for (const candidate of evaluated) {
    const seen = new Set<string>();
    for (const evaluation of candidate.evaluations) {
      const key = keyOf(evaluation);
      if (seen.has(key) || !Number.isFinite(evaluation.mse)) continue;
      seen.add(key);
      const window = windows.get(key) ?? { from: evaluation.from, to: evaluation.to, scores: [] };
      window.scores.push({ modelId: candidate.modelId, mse: evaluation.mse });
      windows.set(key, window);
    }
  }
  const ranked = [...windows.values()].sort((a, b) => b.scores.length - a.scores.length || newerFirst(a, b));
  const chosen = ranked[0];
  if (!chosen) return null;
  return chosen.scores.reduce((best, score) => (score.mse < best.mse ? score : best)).modelId;
}
