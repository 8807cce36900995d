import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConnectionRefused } from '../../operation/connection-end.js';
import type { GatewayConnection } from '../../operation/gateway-connection.js';
import { credentialsOfHeaders } from '../credentials-of-headers.js';
import { answerJson, type SseOptions } from './sse-context.js';

/** An SSE connection of the core whose credential passed, or the reply that answered its refusal. */
export type OpenedSseConnection = { readonly connection: GatewayConnection } | { readonly refused: FastifyReply };

/**
 * Opens a persistent SSE connection of the core for `request` (counted against the per-address cap)
 * and verifies the credential of its headers; a refusal (cap, credential) is answered here as a
 * plain HTTP status with a JSON body, and the connection, if opened, is disposed. `onEnd` runs when
 * the core ends the connection (expiry, revocation, shutdown).
 */
export async function openSseConnection(
  request: FastifyRequest,
  reply: FastifyReply,
  options: Pick<SseOptions, 'core' | 'clientAddress'>,
  onEnd: () => void,
): Promise<OpenedSseConnection> {
  const clientAddress = options.clientAddress(request.raw);
  let connection: GatewayConnection;
  try {
    connection = options.core.open({ transport: 'sse', clientAddress, persistent: true, onEnd });
  } catch (error) {
    if (error instanceof ConnectionRefused) return { refused: answerJson(reply, error.status, { errors: [error.error] }) };
    throw error;
  }
  try {
    await connection.authenticate(credentialsOfHeaders(request.headers, clientAddress));
  } catch (error) {
    connection.dispose();
    if (error instanceof ConnectionRefused) return { refused: answerJson(reply, error.status, { errors: [error.error] }) };
    throw error;
  }
  return { connection };
}
