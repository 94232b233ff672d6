/** How `npm run db:migrate` turns DATABASE_URL and DATABASE_CA_CERT into TLS settings. */
import { describe, expect, it } from 'vitest';
import { connectionConfig, explainConnectError } from '../../scripts/db/connection';

const CA = '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n';
const readCa = (path: string) => {
  if (path !== '/certs/supabase-ca.crt') throw new Error('ENOENT: no such file');
  return CA;
};
const HOST = 'postgres://postgres.ref:pw@aws-0-eu-west-1.pooler.supabase.com:5432/postgres';
const plan = (url: string, env: Record<string, string> = {}) => connectionConfig(url, env, readCa);

describe('connectionConfig', () => {
  it('verifies the full name against the CA in DATABASE_CA_CERT, whatever sslmode says', () => {
    for (const query of ['', '?sslmode=require', '?sslmode=verify-full']) {
      const p = plan(`${HOST}${query}`, { DATABASE_CA_CERT: '/certs/supabase-ca.crt' });
      expect(p).toMatchObject({ tls: 'verify-full', caPath: '/certs/supabase-ca.crt' });
      expect(p.config.ssl).toEqual({ rejectUnauthorized: true, ca: CA });
    }
  });

  it('removes the TLS parameters from the URL, so node-postgres cannot override the decision', () => {
    const p = plan(`${HOST}?sslmode=require&sslrootcert=/certs/supabase-ca.crt&application_name=m`);
    expect(p.config.connectionString).toBe(`${HOST}?application_name=m`);
    expect(p.tls).toBe('verify-full');
  });

  it('checks only the chain with verify-ca', () => {
    const p = plan(`${HOST}?sslmode=verify-ca`, { DATABASE_CA_CERT: '/certs/supabase-ca.crt' });
    expect(p.tls).toBe('verify-ca');
    const ssl = p.config.ssl as { checkServerIdentity?: () => unknown };
    expect(ssl.checkServerIdentity?.()).toBeUndefined();
  });

  it('uses TLS for a remote host even without sslmode, and plaintext only on loopback', () => {
    expect(plan(HOST)).toMatchObject({ tls: 'verify-full', caPath: null });
    expect(plan('postgres://u:p@127.0.0.1:5432/postgres')).toMatchObject({ tls: 'none' });
    expect(plan(`${HOST}?sslmode=disable`).config.ssl).toBeUndefined();
  });

  it.each([
    [`${HOST}?sslmode=prefer`, {}, /sslmode=prefer is not supported/],
    [
      `${HOST}?sslmode=disable`,
      { DATABASE_CA_CERT: '/certs/supabase-ca.crt' },
      /contradiction|sslmode=disable but a CA/,
    ],
    [`${HOST}?sslmode=verify-ca`, {}, /verify-ca needs the CA.*DATABASE_CA_CERT/],
    [`${HOST}?sslrootcert=/a.crt`, { DATABASE_CA_CERT: '/b.crt' }, /give one/],
    [
      HOST,
      { DATABASE_CA_CERT: '/certs/missing.crt' },
      /Cannot read the CA certificate \/certs\/missing\.crt/,
    ],
  ])('refuses %s with %o', (url, env, message) => {
    expect(() => plan(url, env)).toThrow(message);
  });
});

describe('explainConnectError', () => {
  const withCode = (code: string) => Object.assign(new Error('tls'), { code });
  it('names DATABASE_CA_CERT and where Supabase’s CA is downloaded when none was given', () => {
    const err = explainConnectError(withCode('SELF_SIGNED_CERT_IN_CHAIN'), plan(HOST));
    expect(err.message).toMatch(/Download certificate.*DATABASE_CA_CERT/);
  });

  it('passes other errors through', () => {
    const original = withCode('ECONNREFUSED');
    expect(explainConnectError(original, plan(HOST))).toBe(original);
  });
});
