/**
 * The settings of an environment as trimmed strings, with blank ones left out: `.dev.vars`,
 * dashboards and CI templates leave empty strings behind, and an empty string is never a
 * deliberate setting, so it counts as unset and the default applies. Numbers and booleans
 * (`wrangler.toml` may type a `[vars]` entry) become their strings; anything else (a Worker's
 * bindings) is left out. `names`, when given, limits the result to them.
 *
 * The one place blank values are handled, for the Worker, the sidecar and the container env.
 */
export function withoutBlanks(
  env: Readonly<Record<string, unknown>>,
  names?: Iterable<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names ?? Object.keys(env)) {
    const value = env[name];
    const text =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value).trim()
        : '';
    if (text !== '') out[name] = text;
  }
  return out;
}
