import type { Kysely, Transaction } from 'kysely';

/** A subgraph's schema (its `Tables`), or a transaction in it: what its repositories and services take first. */
export type SchemaDb<Tables> = Kysely<Tables> | Transaction<Tables>;
