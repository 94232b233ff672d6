import { z } from 'zod';
import type { Variables } from '#core/config/parse';
import {
  HTTPS_ONLY,
  httpUrl,
  int,
  secretString,
  type Variable,
  variable,
} from '#core/config/variable';
import {
  SIDECAR_OPERATOR_SETTINGS,
  SIDECAR_SETTINGS,
  type SidecarOperatorSetting,
  workerVariableFor,
} from '#core/schemas/sidecar-settings';
import { section } from '../section';

/** The most sidecar instances (or local processes) one pool routes over. */
export const MAX_POOL_SIZE = 64;

type SettingVariables = {
  [S in SidecarOperatorSetting as `SIDECAR_${S}`]: Variable<string | undefined>;
};

/**
 * `SIDECAR_<NAME>` for each operator setting: checked with the sidecar's own parser, so a bad
 * value stops the Worker (and the deploy preflight) instead of the container, and passed on
 * as written.
 */
function settingVariables(): SettingVariables {
  const out: Record<string, Variable<string | undefined>> = {};
  for (const setting of SIDECAR_OPERATOR_SETTINGS) {
    const { spec } = SIDECAR_SETTINGS[setting];
    out[workerVariableFor(setting)] = variable({
      doc: `Passed to the container as \`${setting}\`. ${spec.doc}`,
      schema: z.string().superRefine((raw, ctx) => {
        const parsed = spec.schema.safeParse(raw);
        if (!parsed.success)
          ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message ?? 'invalid' });
      }),
      defaultDoc: `the container's: ${spec.default === undefined ? spec.defaultDoc : `\`${spec.default}\``}`,
    });
  }
  return out as SettingVariables;
}

/** The settings set on the Worker for the container, by the name the sidecar reads. */
export type SidecarSettings = Partial<Record<SidecarOperatorSetting, string>>;

const variables = {
  SIDECAR_URL: variable({
    doc: 'A sidecar process to call instead of the `MEDIA_SIDECAR` container (`npm start` and the tests run one locally).',
    schema: httpUrl,
    production: HTTPS_ONLY,
  }),
  SIDECAR_URLS: variable({
    doc: 'Several local sidecar processes, comma-separated, called as one pool with the same routing as the container instances (a call’s windows stick to one, jobs spread, a 503 is retried on the next). `npm start` sets it when `SIDECAR_POOL_SIZE` is above 1. Not together with `SIDECAR_URL`.',
    schema: z
      .string()
      .transform((raw) => raw.split(',').map((url) => url.trim()))
      .pipe(z.array(httpUrl).min(1).max(MAX_POOL_SIZE)),
    production: {
      rule: 'must all be https',
      check: (urls: string[]) => urls.every(HTTPS_ONLY.check),
    },
  }),
  SIDECAR_POOL_SIZE: variable({
    doc: 'How many `MEDIA_SIDECAR` container instances the Worker spreads work over (instances `sidecar-0` … `sidecar-<n-1>`). Keep `max_instances` in wrangler.toml equal to it; docs/deploy.md has the capacity table for choosing it.',
    schema: int(1, MAX_POOL_SIZE),
    default: '4',
  }),
  SIDECAR_SECRET: variable({
    doc: 'Shared with the sidecar (`X-Sidecar-Secret`). The container class passes it on, and the container refuses to start without it.',
    schema: secretString(16),
    secret: true,
    required: 'production',
  }),
  ...settingVariables(),
} satisfies Variables;

/** The media sidecar: where it is, its shared secret, and the container's settings. */
export const sidecar = section({
  title: 'Media sidecar',
  about:
    'ffmpeg and speech recognition run in the media sidecar: the `MEDIA_SIDECAR` Cloudflare Container in production, a local process otherwise. Each `SIDECAR_<NAME>` below reaches the container as `<NAME>` (`durable-objects/media-sidecar-env.ts`); unset ones take the image’s default. The sidecar process itself reads more (host, port, paths): see *The sidecar process* at the end.',
  variables,
  build: (v) => {
    const settings: SidecarSettings = {};
    for (const setting of SIDECAR_OPERATOR_SETTINGS) {
      const value = v[workerVariableFor(setting)];
      if (value !== undefined) settings[setting] = value;
    }
    return {
      /** Local sidecar processes (`SIDECAR_URLS`, or the one `SIDECAR_URL`); empty means the `MEDIA_SIDECAR` container binding. */
      urls: v.SIDECAR_URLS ?? (v.SIDECAR_URL ? [v.SIDECAR_URL] : []),
      /** Container instances in the pool (`SIDECAR_POOL_SIZE`). */
      poolSize: v.SIDECAR_POOL_SIZE,
      secret: v.SIDECAR_SECRET,
      settings,
    };
  },
});
