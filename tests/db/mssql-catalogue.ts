import * as sessions from '../../src/auth/sessions.queries.ts';
import type { Db } from '../../src/db/database.ts';
import * as projects from '../../src/projects/projects.queries.ts';
import * as users from '../../src/staff/users.queries.ts';
import { captureTouch } from '../../src/visitors/attribution.ts';
import * as visitors from '../../src/visitors/visitors.queries.ts';

/**
 * One representative call of every exported function of every `src/**\/*.queries.ts` module,
 * compiled for SQL Server by tests/db/mssql-compat.test.ts. A query module or function missing
 * here fails that test: add the call when you add the query.
 */
export type QueryCalls = Record<string, (db: Db) => Promise<unknown>>;

const NOW = '2026-11-23T10:00:00.000Z';
const ID = '01KMX0000000000000000000AA';

export const catalogue: Record<string, { module: Record<string, unknown>; calls: QueryCalls }> = {
  'src/auth/sessions.queries.ts': {
    module: sessions,
    calls: {
      insertSession: (db) =>
        sessions.insertSession(db, {
          id: ID,
          userId: ID,
          tokenHash: 'h',
          ip: null,
          userAgent: null,
          now: NOW,
          expiresAt: NOW,
        }),
      findLiveSession: (db) => sessions.findLiveSession(db, 'h', NOW),
      updateSessionSeen: (db) => sessions.updateSessionSeen(db, ID, NOW, NOW),
      revokeSession: (db) => sessions.revokeSession(db, ID, NOW),
      revokeUserSessions: (db) => sessions.revokeUserSessions(db, ID, NOW),
      deleteExpiredSessions: (db) => sessions.deleteExpiredSessions(db, NOW),
    },
  },
  'src/projects/projects.queries.ts': {
    module: projects,
    calls: {
      insertProject: (db) =>
        projects.insertProject(db, { id: ID, slug: 's', name: 'n', title: 't', now: NOW }),
      countProjects: (db) => projects.countProjects(db),
      findProjectBySlug: (db) => projects.findProjectBySlug(db, 'default'),
      findDefaultProject: (db) => projects.findDefaultProject(db),
    },
  },
  'src/staff/users.queries.ts': {
    module: users,
    calls: {
      insertUser: (db) =>
        users.insertUser(db, {
          id: ID,
          email: 'a@b.c',
          displayName: 'A',
          passwordHash: 'x',
          role: 'agent',
          now: NOW,
        }),
      findUserByEmail: (db) => users.findUserByEmail(db, 'a@b.c'),
      findUserById: (db) => users.findUserById(db, ID),
      countUsers: (db) => users.countUsers(db),
    },
  },
  'src/visitors/visitors.queries.ts': {
    module: visitors,
    calls: {
      findVisitorByTokenHash: (db) => visitors.findVisitorByTokenHash(db, ID, 'h'),
      insertVisitor: (db) =>
        visitors.insertVisitor(db, {
          id: ID,
          project_id: ID,
          token_hash: 'h',
          created_at: NOW,
          last_seen_at: NOW,
        }),
      updateVisitorContact: (db) =>
        visitors.updateVisitorContact(db, ID, { name: 'A', phone: '+447911123456', email: null }, NOW),
      updateVisitorSeen: (db) => visitors.updateVisitorSeen(db, ID, NOW),
      insertAttribution: (db) =>
        visitors.insertAttribution(db, {
          id: ID,
          visitorId: ID,
          isReturning: false,
          now: NOW,
          touch: captureTouch({
            landingUrl: 'https://a.example/?utm_source=x',
            referrer: undefined,
            userAgent: undefined,
            language: 'en',
            acceptLanguage: undefined,
            connectionType: undefined,
            timeOnPageMs: 1,
            fbpCookie: undefined,
            fbcCookie: undefined,
            ip: '127.0.0.1',
            trustedHeaders: undefined,
            now: new Date(NOW),
          }),
        }),
      insertVisitorConversation: (db) =>
        visitors.insertVisitorConversation(db, {
          id: ID,
          project_id: ID,
          visitor_id: ID,
          status: 'unassigned',
          last_message_at: NOW,
          created_at: NOW,
          updated_at: NOW,
        }),
      findLatestVisitorConversation: (db) => visitors.findLatestVisitorConversation(db, ID),
      findQueuedConversation: (db) => visitors.findQueuedConversation(db, ID),
      countQueuedAhead: (db) => visitors.countQueuedAhead(db, NOW, ID),
      findVisitorSettingsValue: (db) => visitors.findVisitorSettingsValue(db),
    },
  },
};
