import { loadConfig } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** `npm run migrate`: applies pending migrations to DATABASE_URL and exits. */
const config = loadConfig(process.env);
const db = await connectDatabase(config.databaseUrl);
try {
  const applied = await migrateToLatest(db);
  process.stdout.write(
    applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Database schema is up to date.\n',
  );
} finally {
  await db.destroy();
}
