/**
 * Which URLs a webhook may be sent to. Checked when an integration is created or changed (a
 * refusal is a 400 naming the rule) and again before every attempt (a URL that became
 * unacceptable, say after the configuration changed, fails without being sent).
 *
 * What is checked, and where (see docs/webhooks.md, *Outbound safety*):
 * - Here: `https` only; no credentials in the URL; a host that is an IP literal must not be
 *   loopback, private, link-local, CGNAT, multicast, documentation or otherwise reserved
 *   (IPv4; IPv6 outside global unicast or in its special-purpose blocks; IPv4 inside IPv6 in
 *   any embedding: mapped, translated, compatible, NAT64, 6to4, Teredo, ISATAP); names like `localhost`, `*.local`, `*.internal` and
 *   single-label names are refused. The WHATWG URL parser has already turned `0x7f.1`,
 *   `2130706433` and friends into `127.0.0.1`, so those are caught too.
 * - Not here: what a name resolves to. A Worker cannot resolve DNS itself; its `fetch` runs
 *   inside Cloudflare's network, which does not connect to private addresses. Redirects are
 *   never followed, so an endpoint can't bounce a delivery to another host.
 * `WEBHOOK_ALLOW_LOCAL_URLS=true` (local development and tests; production refuses it) lifts
 * the `https` and address rules, not the credential rule.
 */

/** The longest URL accepted (the database checks the same). */
export const MAX_URL_LENGTH = 2048;

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

const BLOCKED_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa'];

/** IPv4 ranges no webhook may reach: [first octets as a number, prefix length]. */
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

function v4ToInt(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

function blockedV4(value: number): boolean {
  return BLOCKED_V4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base) ?? 0;
    return value >= start && value < start + size;
  });
}

/** The eight 16-bit groups of an IPv6 address as the URL parser prints it (no brackets). */
function v6Groups(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** The IPv4 address in two 16-bit groups. */
const v4Of = (high: number, low: number) => high * 65_536 + low;

/**
 * Whether an IPv6 address is no public place to send to. Only global unicast (2000::/3) can
 * be: everything outside it is refused whole, whatever IPv4 address it may carry (loopback,
 * unspecified, IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`,
 * IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96` and `64:ff9b:1::/48`, unique-local,
 * link-local, multicast, discard). Inside it, the special-purpose blocks are refused, and an
 * address that embeds an IPv4 address is only as public as that address.
 */
function blockedV6(g: number[]): boolean {
  const [g0 = 0, g1 = 0, , , g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if ((g0 & 0xe000) !== 0x2000) return true;
  // IETF protocol assignments, 2001::/23: Teredo (2001::/32, which carries a server and an
  // obfuscated client IPv4 address), benchmarking, ORCHID, and the documentation block.
  if (g0 === 0x2001 && (g1 < 0x0200 || g1 === 0x0db8)) return true;
  if (g0 === 0x3fff && g1 < 0x1000) return true; // documentation, 3fff::/20
  if (g0 === 0x2002) return blockedV4(v4Of(g1, g[2] ?? 0)); // 6to4: 2002:AABB:CCDD::/48
  // ISATAP interface ids (`::0:5efe:a.b.c.d`, `::200:5efe:a.b.c.d`) carry an IPv4 address too.
  if ((g4 & 0xfdff) === 0 && g5 === 0x5efe) return blockedV4(v4Of(g6, g7));
  return false;
}

/** Why `host` (as URL.hostname gives it) is not a public place to send to, or null. */
function hostProblem(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name.startsWith('[')) {
    const groups = v6Groups(name.slice(1, -1));
    if (!groups) return 'the IPv6 address could not be read';
    return blockedV6(groups) ? 'the address is loopback, private, link-local or reserved' : null;
  }
  const v4 = v4ToInt(name);
  if (v4 !== null)
    return blockedV4(v4) ? 'the address is loopback, private, link-local or reserved' : null;
  if (name === 'localhost' || BLOCKED_SUFFIXES.some((suffix) => name.endsWith(suffix)))
    return 'the host name is local';
  if (!name.includes('.')) return 'the host name must be a fully qualified public name';
  return null;
}

/** Whether webhooks may be sent to `raw`; `allowLocal` lifts the https and address rules. */
export function checkWebhookUrl(raw: string, options: { allowLocal: boolean }): UrlVerdict {
  if (raw.length > MAX_URL_LENGTH)
    return { ok: false, reason: `the URL is longer than ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'the URL must use https' };
  if (url.username || url.password)
    return { ok: false, reason: 'the URL must not carry credentials; use the signature' };
  if (options.allowLocal) return { ok: true, url };
  if (url.protocol !== 'https:') return { ok: false, reason: 'the URL must use https' };
  const problem = hostProblem(url.hostname);
  return problem ? { ok: false, reason: problem } : { ok: true, url };
}
