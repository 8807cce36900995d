import type { IncomingHttpHeaders } from 'node:http';
import type { Credentials } from '../context.js';

/** A header sent more than once is joined, so that an ambiguous credential fails verification instead of being half-read. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** The credentials of an HTTP request (GraphQL over HTTP and SSE): `Authorization` and `x-api-key`. */
export function credentialsOfHeaders(headers: IncomingHttpHeaders, clientAddress: string): Credentials {
  return { authorization: single(headers.authorization), apiKey: single(headers['x-api-key']), clientAddress };
}
