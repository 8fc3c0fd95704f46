import maxmind, { type Reader, type Response } from 'maxmind';

/**
 * Visitor geo from a local MaxMind-format database (VIS-10, docs/decisions/0033), for installs
 * without a CDN that sends geo headers (NGINX, Plesk, a plain VPS). GEOIP_DB_PATH names the
 * file: MaxMind's GeoLite2/GeoIP2 City or Country, DB-IP's lite MMDB, or the @ip-location-db
 * packages (flat `country_code`/`state1`/`city` records). Read by the `maxmind` package, in
 * memory, on this server: no address ever leaves it. The file is re-read when it is replaced,
 * so a monthly refresh (geoipupdate) needs no restart.
 */
export interface Geo {
  country: string | null;
  region: string | null;
  city: string | null;
}

export interface GeoLookup {
  /** undefined when the address is unknown to the database (private, reserved, or missing). */
  lookup(ip: string): Geo | undefined;
}

export const noGeoLookup: GeoLookup = { lookup: () => undefined };

const COUNTRY = /^[A-Z]{2}$/;

type Names = { names?: Record<string, string> };
type Record_ = {
  country?: { iso_code?: string };
  registered_country?: { iso_code?: string };
  subdivisions?: Names[];
  city?: Names;
  // The flat records of the @ip-location-db databases.
  country_code?: string;
  state1?: string;
};

const text = (value: unknown, max = 120): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;

/** A record of either shape as our three fields. */
export function geoOfRecord(record: unknown): Geo | undefined {
  if (!record || typeof record !== 'object') return undefined;
  const r = record as Record_;
  const country = (r.country?.iso_code ?? r.country_code ?? r.registered_country?.iso_code)?.toUpperCase();
  const region = r.subdivisions?.[0]?.names?.en ?? r.state1;
  const city = typeof r.city === 'string' ? r.city : r.city?.names?.en;
  return {
    country: country && COUNTRY.test(country) ? country : null,
    region: text(region),
    city: text(city),
  };
}

function lookupIn(reader: Reader<Response>): GeoLookup {
  return {
    lookup(ip) {
      if (!maxmind.validate(ip)) return undefined;
      try {
        return geoOfRecord(reader.get(ip)) ?? undefined;
      } catch {
        return undefined; // a damaged record never costs a lead
      }
    },
  };
}

export class GeoDatabaseError extends Error {
  override name = 'GeoDatabaseError';
}

/**
 * Opens the database, or says why not (a missing or foreign file stops the start: a typo in
 * GEOIP_DB_PATH should not silently mean "no geo"). No path: no lookups.
 */
export async function openGeoLookup(
  path: string | undefined,
  options: { watch?: boolean } = {},
): Promise<GeoLookup> {
  if (!path) return noGeoLookup;
  try {
    const reader = await maxmind.open<Response>(path, {
      watchForUpdates: options.watch === true,
      watchForUpdatesNonPersistent: true,
    });
    return lookupIn(reader);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GeoDatabaseError(`GEOIP_DB_PATH: cannot open "${path}" as a MaxMind database (${reason})`);
  }
}
