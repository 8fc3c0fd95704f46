import * as sessions from '../../src/auth/sessions.queries.ts';
import type { Db } from '../../src/db/database.ts';
import * as projects from '../../src/projects/projects.queries.ts';
import * as ipBlocks from '../../src/security/ip-blocks.queries.ts';
import * as loginHistory from '../../src/security/login-history.queries.ts';
import * as users from '../../src/staff/users.queries.ts';
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
    },
  },
  'src/security/ip-blocks.queries.ts': {
    module: ipBlocks,
    calls: {
      insertIpBlock: (db) =>
        ipBlocks.insertIpBlock(db, {
          id: ID,
          ip: '203.0.113.9',
          kind: 'manual',
          rule: null,
          reason: 'spam',
          conversationId: null,
          createdBy: ID,
          now: NOW,
          expiresAt: null,
        }),
      listActiveIpBlocks: (db) => ipBlocks.listActiveIpBlocks(db, NOW, '203.0.113.9'),
      findIpBlockById: (db) => ipBlocks.findIpBlockById(db, ID),
      liftIpBlocks: (db) => ipBlocks.liftIpBlocks(db, { ids: [ID], liftedBy: ID, now: NOW }),
      listIpBlocksForIp: (db) => ipBlocks.listIpBlocksForIp(db, '203.0.113.9'),
    },
  },
  'src/security/login-history.queries.ts': {
    module: loginHistory,
    calls: {
      hasSessionFromIp: (db) => loginHistory.hasSessionFromIp(db, 'a@b.c', '203.0.113.9'),
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
    },
  },
};
