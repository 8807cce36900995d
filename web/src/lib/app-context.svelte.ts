import { setContextClient } from '@urql/svelte';
import { getContext, setContext } from 'svelte';
import type { SessionUserFragment } from '../generated/graphql';
import type { Api } from './graphql/api-client';

/** Reactive view of the session and the socket for components. */
export class AppState {
  user = $state.raw<SessionUserFragment | null>(null);
  endedReason = $state<string | null>(null);
  /** False while the WebSocket is down (shown in the header). */
  connected = $state(true);

  constructor(readonly api: Api) {
    const sync = () => {
      this.user = api.session.state.user;
      this.endedReason = api.session.state.endedReason;
    };
    sync();
    api.session.subscribe(sync);
    api.onConnection((connected) => (this.connected = connected));
  }

  /** True for analysts and admins: they may manage models and run jobs. */
  get canManageModels(): boolean {
    return this.user?.role === 'ANALYST' || this.user?.role === 'ADMIN';
  }

  /** True for admins. */
  get isAdmin(): boolean {
    return this.user?.role === 'ADMIN';
  }
}

const appKey = Symbol('cryptograph-app');

/** Puts the urql client and the app state into Svelte context, once, at the root component. */
export function provideApp(api: Api): AppState {
  setContextClient(api.client);
  const state = new AppState(api);
  setContext(appKey, state);
  return state;
}

/** The app state placed in context by `provideApp`. */
export function useApp(): AppState {
  return getContext<AppState>(appKey);
}
