import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { AUTH_PREFIX, type AuthAdminOptions, handleAuthAdmin } from './auth-admin';

/** What the gateway fronts and which keys it accepts. */
export interface RestGatewayOptions {
  port: number;
  /** PostgREST's port on 127.0.0.1. */
  postgrestPort: number;
  /** The project's API keys (anon and service_role); any other `apikey` is refused. */
  apiKeys: string[];
  /** Serves Supabase Auth's admin users and invite endpoints under `/auth/v1` (auth-admin.ts). */
  auth?: AuthAdminOptions;
}

const PREFIX = '/rest/v1';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-expose-headers': 'content-range, content-profile, preference-applied',
  'access-control-max-age': '3600',
} as const;

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...CORS_HEADERS });
  res.end(JSON.stringify({ message }));
}

/** Reads the `apikey` from the header or the query (Supabase accepts both) and removes it. */
function takeApiKey(req: IncomingMessage, url: URL): string | undefined {
  const fromHeader = req.headers.apikey;
  const fromQuery = url.searchParams.get('apikey') ?? undefined;
  url.searchParams.delete('apikey');
  return (Array.isArray(fromHeader) ? fromHeader[0] : fromHeader) ?? fromQuery;
}

/**
 * The piece of Supabase's API gateway that supabase-js needs: `/rest/v1/*` goes to PostgREST
 * with the prefix removed. Like Supabase's gateway it requires a project key in `apikey`
 * (401 otherwise), removes it before forwarding, and uses it as the bearer token when the
 * request has no `Authorization` (so a bare anon-key request runs as `anon`). It also answers
 * CORS preflights so the browser console can call it. With `auth`, the same key check guards
 * `/auth/v1/*`, served by the local stand-in for Supabase Auth's admin API (auth-admin.ts).
 */
export function startRestGateway(options: RestGatewayOptions): Promise<Server> {
  const keys = new Set(options.apiKeys);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const auth = options.auth && url.pathname.startsWith(`${AUTH_PREFIX}/`) ? options.auth : null;
    if (!auth && url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) {
      reply(res, 404, 'no Route matched with those values');
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS_HEADERS,
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      });
      res.end();
      return;
    }
    const apiKey = takeApiKey(req, url);
    if (!apiKey) {
      reply(res, 401, 'No API key found in request');
      return;
    }
    if (!keys.has(apiKey)) {
      reply(res, 401, 'Invalid API key');
      return;
    }
    if (auth) {
      handleAuthAdmin(auth, req, res, url).catch(() => {
        if (!res.headersSent) reply(res, 500, 'auth request failed');
        else res.destroy();
      });
      return;
    }
    const { apikey: _removed, ...headers } = req.headers;
    headers.host = `127.0.0.1:${options.postgrestPort}`;
    headers.authorization ??= `Bearer ${apiKey}`;
    const upstream = request(
      {
        host: '127.0.0.1',
        port: options.postgrestPort,
        method: req.method,
        path: `${url.pathname.slice(PREFIX.length) || '/'}${url.search}`,
        headers,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, ...CORS_HEADERS });
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent)
        reply(res, 502, 'An invalid response was received from the upstream server');
      else res.destroy();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve(server));
  });
}
