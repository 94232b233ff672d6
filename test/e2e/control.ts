import { inject } from 'vitest';

/**
 * Posts to the e2e stack's control server (test/fixtures/supabase-control.ts): stops and
 * starts parts of the stack, kills and restarts the sidecar, waits for Worker log lines.
 */
export async function control<T = unknown>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${inject('supabaseControlUrl')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
