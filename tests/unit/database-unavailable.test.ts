import { describe, expect, test } from 'bun:test';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('which errors mean "the database cannot serve now" (issue 21 item 4)', () => {
  test('SQLite locks, network failures, PostgreSQL connection states and pool timeouts do', () => {
    for (const error of [
      coded('database is locked', 'SQLITE_BUSY'),
      coded('database table is locked', 'SQLITE_LOCKED'),
      coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      coded('read ECONNRESET', 'ECONNRESET'),
      coded('terminating connection due to administrator command', '57P01'),
      coded('the database system is starting up', '57P03'),
      coded('connection failure', '08006'),
      coded('too many connections', '53300'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      coded('Connection lost - read ECONNRESET', 'ESOCKET'),
      new Error('query failed', { cause: coded('database is locked', 'SQLITE_BUSY') }),
    ]) {
      expect({ message: error.message, unavailable: isDatabaseUnavailable(error) }).toEqual({
        message: error.message,
        unavailable: true,
      });
    }
  });

  test('a wrong query, a constraint or an ordinary bug does not: those stay 500s or 4xx', () => {
    for (const error of [
      coded('UNIQUE constraint failed: messages.client_message_id', 'SQLITE_CONSTRAINT_UNIQUE'),
      coded('syntax error at or near "selec"', '42601'),
      coded('duplicate key value violates unique constraint', '23505'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      'a string',
      undefined,
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});
