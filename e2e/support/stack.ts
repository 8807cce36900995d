// E2E support: starting a whole stack per test file, with a bootstrap admin, and raw HTTP helpers.
import { startTestStack, type TestStack } from '@cryptograph/app/testing';
import { afterAll } from 'vitest';

/** Credentials of the admin every e2e stack creates on start. */
export const stackAdmin = { email: 'root.admin@example.com', username: 'root_admin', password: 'Admin-Secret-2024!' } as const;

/**
 * Starts the whole system for one e2e file, with a bootstrap admin (ADMIN_EMAIL/ADMIN_PASSWORD) and
 * a per-address login-failure limit high enough that the scenarios' deliberate failed logins (all
 * from 127.0.0.1, counted in the Redis shared by every test file) never trip it.
 */
export function startE2eStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  return startTestStack({
    ADMIN_EMAIL: stackAdmin.email,
    ADMIN_PASSWORD: stackAdmin.password,
    ADMIN_USERNAME: stackAdmin.username,
    LOGIN_MAX_FAILURES_PER_ADDRESS: '10000',
    ...overrides,
  });
}

/** Stops the file's stack (`stack()` reads it; it may never have started) once the file's tests are done. */
export function stopStackAfterAll(stack: () => TestStack | undefined): void {
  afterAll(async () => {
    await stack()?.stop();
  });
}

/** Starts a stack without the bootstrap admin (no password hashing on start). */
export function startPlainStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  return startTestStack({ LOGIN_MAX_FAILURES_PER_ADDRESS: '10000', ...overrides });
}

/** POSTs a raw body to the gateway's /graphql with the given headers; returns status and parsed JSON (or text). */
export async function postRaw(
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text };
}

/** GETs a path of the gateway (or any base URL) and returns status and parsed JSON body. */
export async function getJson(baseUrl: string, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL(path, baseUrl));
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export type { TestStack };
