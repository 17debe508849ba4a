import { requireBuild } from '@/scripts/lib/build';
import { requirePostgres } from './support/instances';

/** Every suite here starts its own servers from the production build, and most need PostgreSQL. */
export default async function setup() {
  requireBuild();
  await requirePostgres();
}
