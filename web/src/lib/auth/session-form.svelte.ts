import type { AnyVariables, DocumentInput } from '@urql/core';
import { getContextClient } from '@urql/svelte';
import { push } from 'svelte-spa-router';
import type { SessionFragment } from '../../generated/graphql';
import { useApp } from '../app-context.svelte';
import { runMutation } from '../graphql/operations.svelte';

/** A form that opens a session (log in, sign up): busy while its mutation runs, the server's message when it fails. */
export interface SessionForm {
  readonly busy: boolean;
  readonly error: string | null;
  /** The form's submit handler: runs the mutation, then signs the session in and opens the dashboard. */
  submit(event: SubmitEvent): Promise<void>;
}

/**
 * The submit step of a form inside a component that opens a session with `document`: its
 * variables from `variables()` at submit time, the session picked from the answer by `session`.
 */
export function createSessionForm<Data, Variables extends AnyVariables>(
  document: DocumentInput<Data, Variables>,
  variables: () => Variables,
  session: (data: Data) => SessionFragment,
): SessionForm {
  const app = useApp();
  const client = getContextClient();
  let busy = $state(false);
  let error = $state<string | null>(null);
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    busy = true;
    const result = await runMutation(client, document, variables());
    busy = false;
    if (result.error) error = result.error;
    else if (result.data) {
      app.api.session.signIn(session(result.data));
      await push('/');
    }
  }
  return {
    get busy() {
      return busy;
    },
    get error() {
      return error;
    },
    submit,
  };
}
