import type { Generated } from 'kysely';

/** The one-row `market.installation` table: when the shipped data was seeded, and by which seeding version. */
export interface InstallationTable {
  id: Generated<boolean>;
  seeded_at: Date;
  seed_version: Generated<number>;
}
