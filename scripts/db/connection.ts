/**
 * How `npm run db:migrate` connects to a real database: the connection string, and TLS decided
 * from its `sslmode` and the CA to trust.
 *
 * node-postgres does not read `sslmode` as libpq does: `require` means verify-full there, with
 * Node's public root certificates. Supabase's server certificates are signed by Supabase's own
 * CA, so `?sslmode=require` alone fails with "self-signed certificate in certificate chain".
 * Give that CA (`DATABASE_CA_CERT`, or `sslrootcert=` in the URL) and the server is verified
 * against it, host name included.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type pg from 'pg';

/** The `sslmode` values accepted, as libpq names them. */
export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];

/** URL parameters about TLS: read here, and removed before node-postgres sees the URL. */
const TLS_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat'];

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Where to get Supabase's CA, for every message that needs it. */
export const SUPABASE_CA_HINT =
  "Supabase signs its database certificates with its own CA: download it from the dashboard (Project Settings → Database → SSL configuration → Download certificate) and set DATABASE_CA_CERT to the file's path.";

/** What {@link connectionConfig} decided, besides the client configuration. */
export interface ConnectionPlan {
  config: pg.ClientConfig;
  /** How the server is checked: `none` is plaintext. */
  tls: 'none' | 'verify-ca' | 'verify-full';
  /** The CA file trusted, when one was given. */
  caPath: string | null;
}

/**
 * Builds the node-postgres configuration for `url`. TLS:
 * - a CA given (`DATABASE_CA_CERT`, or the URL's `sslrootcert`) → verify-full against it, unless
 *   `sslmode=verify-ca` asks for the chain only;
 * - `require` or `verify-full` without a CA → verify-full against Node's public roots;
 * - no `sslmode` → TLS (verify-full) for any host but this machine's loopback;
 * - `disable` → plaintext (refused together with a CA: that is a contradiction).
 */
export function connectionConfig(
  url: string,
  env: Record<string, string | undefined> = process.env,
  readCa: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ConnectionPlan {
  const parsed = new URL(url);
  const params = parsed.searchParams;
  const mode = params.get('sslmode') ?? undefined;
  if (mode !== undefined && !(SSL_MODES as readonly string[]).includes(mode)) {
    throw new Error(
      `DATABASE_URL: sslmode=${mode} is not supported; use one of ${SSL_MODES.join(', ')}`,
    );
  }
  const fromUrl = params.get('sslrootcert') ?? undefined;
  const fromEnv = env.DATABASE_CA_CERT?.trim() || undefined;
  if (fromUrl && fromEnv && fromUrl !== fromEnv) {
    throw new Error(
      'DATABASE_URL names an sslrootcert and DATABASE_CA_CERT names another: give one',
    );
  }
  const caPath = fromUrl ?? fromEnv ?? null;
  for (const p of TLS_PARAMS) params.delete(p);
  const base: pg.ClientConfig = { connectionString: parsed.toString() };

  const sslMode: SslMode =
    (mode as SslMode | undefined) ??
    (LOOPBACK.has(parsed.hostname) && !caPath ? 'disable' : 'verify-full');
  if (sslMode === 'disable') {
    if (caPath) throw new Error('DATABASE_URL has sslmode=disable but a CA certificate is given');
    return { config: base, tls: 'none', caPath: null };
  }
  if (sslMode === 'verify-ca' && !caPath) {
    throw new Error(`sslmode=verify-ca needs the CA to check against. ${SUPABASE_CA_HINT}`);
  }
  let ca: string | undefined;
  if (caPath) {
    try {
      ca = readCa(caPath);
    } catch (error) {
      throw new Error(`Cannot read the CA certificate ${caPath}: ${(error as Error).message}`);
    }
  }
  const ssl: ConnectionOptions = { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
  // verify-ca: the chain must lead to the CA, whatever name the certificate carries.
  if (sslMode === 'verify-ca') ssl.checkServerIdentity = () => undefined;
  return {
    config: { ...base, ssl },
    tls: sslMode === 'verify-ca' ? 'verify-ca' : 'verify-full',
    caPath,
  };
}

/** OpenSSL's codes for a certificate that does not lead to a trusted CA. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

/**
 * Rewrites a TLS failure into what to do about it; other errors pass through unchanged.
 */
export function explainConnectError(error: unknown, plan: ConnectionPlan): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (UNTRUSTED.has(code)) {
    const trusted = plan.caPath ? `the CA in ${plan.caPath}` : "Node's public root certificates";
    return new Error(
      `The database's certificate is not signed by ${trusted} (${code}). ${plan.caPath ? 'Is it the right project, and the right CA file?' : SUPABASE_CA_HINT}`,
      { cause: err },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new Error(
      `The database's certificate does not name the host in DATABASE_URL (${err.message}). Connect with the host name the certificate is issued for.`,
      { cause: err },
    );
  }
  if (/does not support SSL/i.test(err.message)) {
    return new Error(
      'The database does not accept TLS. For a local database without TLS, add ?sslmode=disable.',
      { cause: err },
    );
  }
  return err;
}
