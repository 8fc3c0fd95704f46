import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.ts';

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('projects')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('slug', t.string(64), (c) => c.notNull())
    .addColumn('name', t.text(120), (c) => c.notNull())
    .addColumn('title', t.text(160), (c) => c.notNull())
    .addColumn('subtitle', t.text(240), (c) => c.notNull().defaultTo(''))
    .addColumn('accent_color', t.string(9), (c) => c.notNull().defaultTo('#2563eb'))
    .addColumn('header_color', t.string(9), (c) => c.notNull().defaultTo('#0f172a'))
    .addColumn('welcome_heading', t.text(160), (c) => c.notNull().defaultTo(''))
    .addColumn('welcome_message', t.text(1000), (c) => c.notNull().defaultTo(''))
    .addColumn('form_heading', t.text(160), (c) => c.notNull().defaultTo(''))
    .addColumn('form_description', t.text(1000), (c) => c.notNull().defaultTo(''))
    .addColumn('icon_url', t.string(500))
    .addColumn('widget_position', t.string(16), (c) => c.notNull().defaultTo('bottom-right'))
    .addColumn('ai_instructions', t.longText)
    .addColumn('is_default', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('meta_pixel_id', t.string(64))
    .addColumn('meta_capi_token', t.string(512))
    .addColumn('ga4_measurement_id', t.string(64))
    .addColumn('ga4_api_secret', t.string(128))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_slug_uq').on('projects').column('slug').unique().execute();

  await db.schema
    .createTable('project_origins')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('project_id', t.id, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('origin', t.string(255), (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_origins_project_origin_uq')
    .on('project_origins')
    .columns(['project_id', 'origin'])
    .unique()
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('email', t.string(254), (c) => c.notNull())
    .addColumn('display_name', t.text(120), (c) => c.notNull())
    .addColumn('password_hash', t.string(100), (c) => c.notNull())
    .addColumn('role', t.string(16), (c) => c.notNull())
    .addColumn('is_active', t.flag, (c) => c.notNull().defaultTo(1))
    .addColumn('live_chat_enabled', t.flag, (c) => c.notNull().defaultTo(1))
    .addColumn('crm_enabled', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('active_limit', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('offline_limit', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('on_break', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('last_assigned_at', t.instant)
    .addColumn('last_activity_at', t.instant)
    .addColumn('totp_secret', t.string(64))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_email_uq').on('users').column('email').unique().execute();
  // Routing scans eligible agents: role + live chat + active, ordered by last assignment.
  await db.schema
    .createIndex('users_role_routing_ix')
    .on('users')
    .columns(['role', 'is_active', 'live_chat_enabled', 'last_assigned_at'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', t.string(64), (c) => c.notNull())
    .addColumn('ip', t.string(45))
    .addColumn('user_agent', t.text(400))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('last_seen_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('revoked_at', t.instant)
    .execute();
  await db.schema
    .createIndex('sessions_token_hash_uq')
    .on('sessions')
    .column('token_hash')
    .unique()
    .execute();
  await db.schema.createIndex('sessions_user_ix').on('sessions').columns(['user_id', 'revoked_at']).execute();
  await db.schema.createIndex('sessions_expires_ix').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('canned_replies')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', t.text(80), (c) => c.notNull())
    .addColumn('body', t.text(2000), (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('canned_replies_user_ix')
    .on('canned_replies')
    .columns(['user_id', 'position'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', t.string(100), (c) => c.primaryKey())
    .addColumn('value', t.longText, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('updated_by', t.id)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['settings', 'canned_replies', 'sessions', 'users', 'project_origins', 'projects']) {
    await db.schema.dropTable(table).execute();
  }
}
