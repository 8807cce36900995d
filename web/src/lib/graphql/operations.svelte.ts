import { getContextClient } from '@urql/svelte';
import type { AnyVariables, Client, DocumentInput } from '@urql/core';
import { pipe, subscribe } from 'wonka';
import { errorMessage } from './error-message';

/** A query whose state follows its variables. */
export interface LiveQuery<Data> {
  readonly data: Data | undefined;
  readonly fetching: boolean;
  /** The server's message when the query failed. */
  readonly error: string | null;
  /** Runs the query again (after a mutation). */
  refetch(): void;
}

/**
 * Runs a query from the context client inside a component and re-runs it whenever the
 * variables read by `variables()` change; `pause()` true skips it.
 */
export function createQuery<Data, Variables extends AnyVariables>(
  document: DocumentInput<Data, Variables>,
  variables: () => Variables,
  pause: () => boolean = () => false,
): LiveQuery<Data> {
  const client = getContextClient();
  let data = $state.raw<Data | undefined>(undefined);
  let fetching = $state(true);
  let error = $state<string | null>(null);
  let version = $state(0);
  $effect(() => {
    const current = variables();
    void version;
    if (pause()) {
      fetching = false;
      return;
    }
    fetching = true;
    const subscription = pipe(
      client.query(document, current),
      subscribe((result) => {
        fetching = false;
        error = errorMessage(result.error);
        if (result.data) data = result.data;
        else if (result.error) data = undefined;
      }),
    );
    return () => subscription.unsubscribe();
  });
  return {
    get data() {
      return data;
    },
    get fetching() {
      return fetching;
    },
    get error() {
      return error;
    },
    refetch: () => (version += 1),
  };
}

/** Runs one mutation; resolves to its data or the server's error message. */
export async function runMutation<Data, Variables extends AnyVariables>(
  client: Client,
  document: DocumentInput<Data, Variables>,
  variables: Variables,
): Promise<{ data?: Data; error?: string }> {
  const result = await client.mutation(document, variables).toPromise();
  if (result.error || !result.data) return { error: errorMessage(result.error) ?? 'No answer from the server' };
  return { data: result.data };
}
