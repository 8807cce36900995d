import type { Generated } from 'kysely';

/** The one-row `market.installation` table: when the shipped data was seeded. */
export interface InstallationTable {
  id: Generated<boolean>;
  seeded_at: Date;
}
