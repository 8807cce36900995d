import type { OperationRequest } from '../../operation/operation.js';

/** Why a request body or URL does not describe one GraphQL operation. */
export class MalformedRequest extends Error {
  override name = 'MalformedRequest';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape of GraphQL over HTTP's request parameters (strings, and objects for variables and extensions). */
function operationRequestOf(fields: Record<string, unknown>): OperationRequest {
  const { query, operationName, variables, extensions } = fields;
  if (query !== undefined && typeof query !== 'string') throw new MalformedRequest('`query` must be a string.');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    throw new MalformedRequest('`operationName` must be a string.');
  if (variables !== undefined && variables !== null && !isObject(variables)) throw new MalformedRequest('`variables` must be an object.');
  if (extensions !== undefined && extensions !== null && !isObject(extensions)) throw new MalformedRequest('`extensions` must be an object.');
  return { query, operationName, variables, extensions };
}

/** The operation of a POST body (already parsed as JSON); one operation per request, batches are refused. */
export function operationOfBody(body: unknown): OperationRequest {
  if (Array.isArray(body)) throw new MalformedRequest('Batched requests are not supported: send one operation per request.');
  if (!isObject(body)) throw new MalformedRequest('The request body must be a JSON object with `query` (or a persisted query hash).');
  return operationRequestOf(body);
}

/** Parses a JSON-encoded URL parameter. */
function jsonParameter(name: string, value: string | undefined): unknown {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new MalformedRequest(`The \`${name}\` parameter is not valid JSON.`);
  }
}

/** The operation of a GET request's URL parameters (`variables` and `extensions` JSON-encoded). */
export function operationOfQueryString(parameters: Readonly<Record<string, string | string[] | undefined>>): OperationRequest {
  const single = (name: string): string | undefined => {
    const value = parameters[name];
    if (Array.isArray(value)) throw new MalformedRequest(`Send the \`${name}\` parameter once.`);
    return value;
  };
  return operationRequestOf({
    query: single('query'),
    operationName: single('operationName'),
    variables: jsonParameter('variables', single('variables')),
    extensions: jsonParameter('extensions', single('extensions')),
  });
}
