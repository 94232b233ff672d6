import type { Problem } from '#core/config/parse';
import type { ConfigValues, VariableName } from './schema';

/**
 * Rules that tie variables together. Rules about one variable (its format, whether a profile
 * requires it, what production demands of it) live with the variable in sections/; these are
 * the ones that need several. Each names the variable to change.
 */
export interface Rule {
  /** The rule in words, for the reference. */
  doc: string;
  /**
   * The problems it finds. `values` holds what could be parsed (a secret whose value the
   * deploy preflight cannot read is set but absent there); `isSet` says what is set at all.
   */
  check(values: Partial<ConfigValues>, isSet: (name: VariableName) => boolean): Problem[];
}

const SUPABASE_KEYS = ['SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY'] as const;
const SUPABASE_ANY = [...SUPABASE_KEYS, 'SUPABASE_JWT_SECRET', 'SUPABASE_JWKS_URL'] as const;
const R2_S3 = ['R2_S3_ENDPOINT', 'R2_S3_ACCESS_KEY_ID', 'R2_S3_SECRET_ACCESS_KEY'] as const;

export const RULES: readonly Rule[] = [
  {
    doc: '`SIDECAR_URL` (one local sidecar) and `SIDECAR_URLS` (a local pool) are two ways to say the same thing: set one.',
    check: (_values, isSet) =>
      isSet('SIDECAR_URL') && isSet('SIDECAR_URLS')
        ? [{ variable: 'SIDECAR_URLS', message: 'set SIDECAR_URL or SIDECAR_URLS, not both' }]
        : [],
  },
  {
    doc: '`AUTH_MODE=on` needs `SUPABASE_URL`: users and API keys live in Supabase.',
    check: (values, isSet) =>
      values.AUTH_MODE === 'on' && !isSet('SUPABASE_URL')
        ? [
            {
              variable: 'SUPABASE_URL',
              message: 'required with AUTH_MODE=on (users and API keys live in Supabase)',
            },
          ]
        : [],
  },
  {
    doc: 'The Supabase section is all or nothing: any `SUPABASE_*` needs `SUPABASE_URL`, and the URL needs `SUPABASE_ANON_KEY`, `SUPABASE_SERVICE_ROLE_KEY` and `SUPABASE_JWT_SECRET` or `SUPABASE_JWKS_URL`.',
    check: (_values, isSet) => {
      if (!isSet('SUPABASE_URL'))
        return SUPABASE_ANY.filter(isSet)
          .map((name) => ({
            variable: 'SUPABASE_URL',
            message: `required when ${name} is set`,
          }))
          .slice(0, 1);
      const problems: Problem[] = SUPABASE_KEYS.filter((name) => !isSet(name)).map((name) => ({
        variable: name,
        message: 'required when SUPABASE_URL is set',
      }));
      if (!isSet('SUPABASE_JWT_SECRET') && !isSet('SUPABASE_JWKS_URL'))
        problems.push({
          variable: 'SUPABASE_JWT_SECRET',
          message:
            'SUPABASE_URL needs SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL to verify user JWTs',
        });
      return problems;
    },
  },
  {
    doc: 'R2 S3 presigning needs all three of `R2_S3_ENDPOINT`, `R2_S3_ACCESS_KEY_ID` and `R2_S3_SECRET_ACCESS_KEY`, or none.',
    check: (_values, isSet) => {
      const set = R2_S3.filter(isSet);
      if (set.length === 0 || set.length === R2_S3.length) return [];
      return R2_S3.filter((name) => !isSet(name)).map((name) => ({
        variable: name,
        message: `required with ${set.join(', ')} (R2 S3 presigning needs all three)`,
      }));
    },
  },
];
