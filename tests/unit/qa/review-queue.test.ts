import { describe, expect, test } from 'bun:test';
import { type ClosedChat, sampleForReview, weekOf } from '../../../src/qa/review-queue.ts';

const chat = (id: string, agentId: string, overrides: Partial<ClosedChat> = {}): ClosedChat => ({
  id,
  agentId,
  agentName: agentId === 'AI' ? 'AI' : `Agent ${agentId}`,
  isAi: agentId === 'AI',
  visitorName: null,
  projectTitle: 'P',
  closedAt: `2026-11-2${id.length % 7}T10:00:00.000Z`,
  scored: false,
  ...overrides,
});

describe('review queue sample (QA-3)', () => {
  const population = [
    ...Array.from({ length: 10 }, (_, i) => chat(`a${i}`, 'a')),
    ...Array.from({ length: 2 }, (_, i) => chat(`b${i}`, 'b')),
    ...Array.from({ length: 5 }, (_, i) => chat(`ai${i}`, 'AI')),
  ];

  test('N per agent (all of them when fewer), the AI as its own agent, listed last', () => {
    const sample = sampleForReview(population, 3, '2026-11-23');
    expect(sample.map((s) => [s.agentName, s.picks.length, s.closedCount])).toEqual([
      ['Agent a', 3, 10],
      ['Agent b', 2, 2],
      ['AI', 3, 5],
    ]);
  });

  test('the same sample on every call and whatever got scored; another week samples anew', () => {
    const ids = (weekStart: string, chats = population) =>
      sampleForReview(chats, 3, weekStart).flatMap((s) => s.picks.map((p) => p.id));
    const first = ids('2026-11-23');
    expect(ids('2026-11-23', [...population].reverse())).toEqual(first);
    const scored = population.map((c) => (first.includes(c.id) ? { ...c, scored: true } : c));
    expect(ids('2026-11-23', scored)).toEqual(first);
    const weeks = ['2026-11-30', '2026-12-07', '2026-12-14', '2026-12-21'].map((w) => ids(w).join());
    expect(weeks.some((w) => w !== first.join())).toBe(true);
  });
});

describe('weekOf', () => {
  test('Monday 00:00 to Sunday 23:59:59.999 UTC, from any day of it', () => {
    for (const day of ['2026-11-23T00:00:00.000Z', '2026-11-26T15:00:00.000Z', '2026-11-29T23:59:59.999Z']) {
      expect(weekOf(new Date(day))).toEqual({
        start: '2026-11-23',
        from: '2026-11-23T00:00:00.000Z',
        to: '2026-11-29T23:59:59.999Z',
        previous: '2026-11-16',
        next: '2026-11-30',
      });
    }
  });
});
