// For tests of a migration on an existing database: a fresh PostgreSQL database, and a store taken to an older version.
import { randomUUID } from 'node:crypto';
import { openPostgresStorage } from '../postgres.js';
import type { Storage } from '../types.js';
import { migrations } from './index.js';

/** A storage on a new database of the cluster at `url`, so a test can start from an empty schema. */
export async function freshPostgresDatabase(url: string): Promise<Storage> {
  const admin = await openPostgresStorage(url);
  const name = `m_${randomUUID().slice(0, 8)}`;
  try {
    await admin.db.exec(`CREATE DATABASE ${name}`);
  } finally {
    await admin.db.close();
  }
  const at = new URL(url);
  at.pathname = `/${name}`;
  return openPostgresStorage(at.toString());
}

/** Applies the migrations up to `version` and records them, as a collector of that version left the database. */
export async function migrateTo(s: Storage, version: number): Promise<void> {
  await s.db.transaction(async (tx) => {
    await tx.exec('CREATE TABLE schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const m of migrations.filter((m) => m.version <= version)) {
      await tx.exec(m.sql);
      await m.after?.(tx);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
    }
  });
}
