import * as agentConsole from '../../src/agent/agent-console.queries.ts';
import * as sessions from '../../src/auth/sessions.queries.ts';
import * as canned from '../../src/canned-replies/canned-replies.queries.ts';
import type { Db } from '../../src/db/database.ts';
import * as projects from '../../src/projects/projects.queries.ts';
import * as users from '../../src/staff/users.queries.ts';
import * as stars from '../../src/stars/stars.queries.ts';
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
  'src/agent/agent-console.queries.ts': {
    module: agentConsole,
    calls: {
      findConversationAccess: (db) => agentConsole.findConversationAccess(db, ID),
      listFollowUpsDue: (db) => agentConsole.listFollowUpsDue(db, ID, '2026-11-23', 50),
    },
  },
  'src/stars/stars.queries.ts': {
    module: stars,
    calls: {
      insertStar: (db) => stars.insertStar(db, ID, ID, NOW),
      deleteStar: (db) => stars.deleteStar(db, ID, ID),
      isStarred: (db) => stars.isStarred(db, ID, ID),
      listStarredAmong: (db) => stars.listStarredAmong(db, ID, [ID]),
    },
  },
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
  'src/canned-replies/canned-replies.queries.ts': {
    module: canned,
    calls: {
      listCannedReplies: (db) => canned.listCannedReplies(db, ID),
      findCannedReply: (db) => canned.findCannedReply(db, ID, ID),
      insertCannedReply: (db) =>
        canned.insertCannedReply(db, { id: ID, userId: ID, title: 't', body: 'b', position: 1, now: NOW }),
      updateCannedReply: (db) =>
        canned.updateCannedReply(db, { id: ID, userId: ID, title: 't', body: 'b', now: NOW }),
      deleteCannedReply: (db) => canned.deleteCannedReply(db, ID, ID),
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
