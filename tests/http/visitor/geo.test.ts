import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeoDatabaseError, openGeoLookup } from '../../../src/visitors/geo-ip.ts';
import { makeTestApp } from '../../support/make-app.ts';
import { buildMmdb, cityRecord } from '../../support/mmdb-writer.ts';
import { BROWSER_UA, fromPeer } from '../../support/peer.ts';
import { startChatJson, validForm, visitorProject } from './visitor-support.ts';

/**
 * Geo without a CDN (VIS-10, issue 13 item 17): a self-hoster behind NGINX or Plesk points
 * GEOIP_DB_PATH at a MaxMind-format database. The databases here are built by the test
 * (tests/support/mmdb-writer.ts) and read by the real `maxmind` reader.
 */
const MUMBAI = '49.36.128.7'; // in 49.36.0.0/14
const LONDON = '81.2.69.160';
const JIO_V6 = '2405:201:4000::9';

const dir = await mkdtemp(join(tmpdir(), 'geoip-'));
const dbPath = join(dir, 'GeoLite2-City.mmdb');
await writeFile(
  dbPath,
  buildMmdb([
    { network: '49.36.0.0/14', data: cityRecord('IN', 'Maharashtra', 'Mumbai') },
    // The flat records of the @ip-location-db packages (DB-IP lite).
    { network: '81.2.69.0/24', data: { country_code: 'GB', state1: 'England', city: 'London' } },
    { network: '2405:201::/32', data: cityRecord('IN', 'Delhi', 'New Delhi') },
  ]),
);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function setUp(env: Record<string, string> = {}) {
  const { app, deps } = await makeTestApp({ env: { GEOIP_DB_PATH: dbPath, ...env } });
  const project = await visitorProject(deps.db);
  const start = async (peer: string, headers: Record<string, string> = {}) => {
    const res = await startChatJson(
      app,
      project.slug,
      validForm,
      { 'User-Agent': BROWSER_UA, ...headers },
      peer,
    );
    expect(res.status).toBe(201);
    const { conversationId } = (await res.json()) as { conversationId: string };
    return deps.db
      .selectFrom('conversations')
      .innerJoin('attributions', 'attributions.id', 'conversations.attribution_id')
      .select([
        'attributions.geo_country',
        'attributions.geo_region',
        'attributions.geo_city',
        'attributions.ip',
      ])
      .where('conversations.id', '=', conversationId)
      .executeTakeFirstOrThrow();
  };
  const selectedCountry = async (peer: string, headers: Record<string, string> = {}) => {
    const html = await (await app.request(`/p/${project.slug}`, { headers }, fromPeer(peer))).text();
    return /<option value="([A-Z]{2})" selected/.exec(html)?.[1];
  };
  return { app, deps, project, start, selectedCountry };
}

describe('geo from a local MaxMind database (VIS-10)', () => {
  test('without a CDN: country, region and city from the database, and the phone country preselected', async () => {
    const { start, selectedCountry } = await setUp();
    expect(await start(MUMBAI)).toEqual({
      geo_country: 'IN',
      geo_region: 'Maharashtra',
      geo_city: 'Mumbai',
      ip: MUMBAI,
    });
    expect(await start(JIO_V6)).toMatchObject({ geo_country: 'IN', geo_city: 'New Delhi' });
    // The visitor's phone is set to English (US): the address still says India.
    expect(await selectedCountry(MUMBAI, { 'Accept-Language': 'en-US,en;q=0.9' })).toBe('IN');
  });

  test('flat records (@ip-location-db / DB-IP lite) are read as well', async () => {
    const { start } = await setUp();
    expect(await start(LONDON)).toMatchObject({
      geo_country: 'GB',
      geo_region: 'England',
      geo_city: 'London',
    });
  });

  test('trusted CDN headers come first; behind the proxy without them, the database answers for the client', async () => {
    const { start, selectedCountry } = await setUp({ TRUSTED_PROXIES: '10.0.0.0/8' });
    const viaCdn = { 'X-Forwarded-For': MUMBAI, 'CF-IPCountry': 'AE', 'CF-IPCity': 'Dubai' };
    expect(await start('10.0.0.5', viaCdn)).toMatchObject({
      geo_country: 'AE',
      geo_city: 'Dubai',
      ip: MUMBAI,
    });
    expect(await selectedCountry('10.0.0.5', viaCdn)).toBe('AE');
    // NGINX in front, no geo headers: the client address (from X-Forwarded-For) goes to the database.
    expect(await start('10.0.0.5', { 'X-Forwarded-For': MUMBAI })).toMatchObject({
      geo_country: 'IN',
      geo_city: 'Mumbai',
    });
    // "XX" (unknown) from the CDN is no answer: the database decides.
    expect(await selectedCountry('10.0.0.5', { 'X-Forwarded-For': MUMBAI, 'CF-IPCountry': 'XX' })).toBe('IN');
  });

  test('untrusted geo headers never override the database', async () => {
    const { start } = await setUp();
    expect(await start(MUMBAI, { 'CF-IPCountry': 'US', 'CF-IPCity': 'Nowhere' })).toMatchObject({
      geo_country: 'IN',
      geo_city: 'Mumbai',
    });
  });

  test('an address the database does not know (or a private one) leaves geo empty, never an error', async () => {
    const { deps, start } = await setUp();
    for (const peer of ['8.8.8.8', '192.168.1.20', '::1']) {
      expect(await start(peer)).toMatchObject({ geo_country: null, geo_region: null, geo_city: null });
    }
    expect(deps.log.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  test('a GEOIP_DB_PATH that is missing or not a MaxMind database stops the start, naming the variable', async () => {
    const notMmdb = join(dir, 'not-a-database.mmdb');
    await writeFile(notMmdb, 'just text, not a MaxMind database');
    for (const path of [join(dir, 'missing.mmdb'), notMmdb]) {
      const opened = openGeoLookup(path);
      await expect(opened).rejects.toBeInstanceOf(GeoDatabaseError);
      await expect(opened).rejects.toThrow(/^GEOIP_DB_PATH: cannot open/);
    }
    // Unset: no lookups at all.
    expect((await openGeoLookup(undefined)).lookup(MUMBAI)).toBeUndefined();
  });
});
