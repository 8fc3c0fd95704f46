import { fail, ok, type Result } from '../shared/result.ts';

/**
 * Parses one allowed embed origin as an admin types it (PROJ-1, WID-5): `scheme://host[:port]`,
 * http or https only, with an optional leading `*.` meaning "any subdomain". Returns the canonical
 * form stored in project_origins (lower case, no trailing slash, default port dropped).
 */
export const ORIGIN_HELP = 'Use scheme://host[:port], e.g. https://www.client.com or https://*.client.com';

const SHAPE = /^(https?):\/\/(\*\.)?([^/:?#@\s]+)(?::(\d{1,5}))?\/?$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function parseAllowedOrigin(input: string): Result<string, string> {
  const text = input.trim().toLowerCase();
  const match = SHAPE.exec(text);
  if (!match) return fail(`"${input.trim()}" is not an origin. ${ORIGIN_HELP}`);
  const [, scheme, wildcard, host = '', port] = match;
  const labels = host.split('.');
  const isIp = IPV4.test(host);
  if (!isIp && !labels.every((label) => LABEL.test(label))) {
    return fail(`"${input.trim()}" has an invalid host name. ${ORIGIN_HELP}`);
  }
  if (wildcard && (isIp || labels.length < 2)) {
    return fail(`"${input.trim()}": a wildcard needs a domain under it, like https://*.client.com`);
  }
  const portNumber = port === undefined ? undefined : Number(port);
  if (portNumber !== undefined && (portNumber < 1 || portNumber > 65535)) {
    return fail(`"${input.trim()}" has a port outside 1-65535.`);
  }
  const defaultPort = (scheme === 'https' && portNumber === 443) || (scheme === 'http' && portNumber === 80);
  const portPart = portNumber === undefined || defaultPort ? '' : `:${portNumber}`;
  return ok(`${scheme}://${wildcard ?? ''}${host}${portPart}`);
}

/** One origin per line (blank lines ignored, duplicates folded); every bad line is reported. */
export function parseAllowedOrigins(text: string): Result<string[], string> {
  const lines = text
    .split(/[\r\n]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  const origins = new Set<string>();
  const problems: string[] = [];
  for (const line of lines) {
    const parsed = parseAllowedOrigin(line);
    if (parsed.ok) origins.add(parsed.value);
    else problems.push(parsed.code);
  }
  if (problems.length > 0) return fail(problems.join(' '));
  if (origins.size > 50) return fail('At most 50 origins per project.');
  return ok([...origins].sort());
}
