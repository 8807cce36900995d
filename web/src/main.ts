import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { createApi, sameOriginEndpoints } from './lib/graphql/api-client';

/** Starts the app on the gateway that served the page. */
const api = createApi(sameOriginEndpoints(window.location), window.localStorage);
mount(App, { target: document.getElementById('app')!, props: { api } });
