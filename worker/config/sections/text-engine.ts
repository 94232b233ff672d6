import { z } from 'zod';
import { HTTPS_ONLY, httpUrl, int, variable } from '#core/config/variable';
import { section } from '../section';

/** A current Flash model: cheap and fast enough to sit in the request path. */
export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';
/** Per attempt. Two attempts plus one back-off bound the worst case. */
export const DEFAULT_GEMINI_TIMEOUT_MS = 8_000;
/** The default uncertainty band: around SUSPICIOUS, where the local engine errs most. */
export const DEFAULT_CASCADE_BAND: readonly [number, number] = [0.2, 0.7];

const band = z.string().transform((raw, ctx): readonly [number, number] => {
  const parts = raw.split(',').map((p) => Number(p.trim()));
  const [lo, hi] = parts;
  if (
    parts.length !== 2 ||
    lo === undefined ||
    hi === undefined ||
    !(lo >= 0 && lo <= hi && hi <= 1)
  ) {
    ctx.addIssue({ code: 'custom', message: 'expected "lo,hi" with 0 <= lo <= hi <= 1' });
    return z.NEVER;
  }
  return [lo, hi];
});

/** Gemini and the cascade that decides when to ask it. */
export interface TextEngineConfig {
  /** Null without a key: the local engine only. */
  gemini: { apiKey: string; model: string; baseUrl?: string; timeoutMs: number } | null;
  band: readonly [number, number];
  onFinal: boolean;
}

/** The text engine: local always, Gemini when a key is set. */
export const textEngine = section({
  title: 'Text scoring (Gemini)',
  about:
    'Transcripts are scored by the local engine, which needs no key and no network. With `GEMINI_API_KEY` set, Gemini is asked too when the local score is uncertain (and for final transcripts); any Gemini failure falls back to the local result.',
  variables: {
    GEMINI_API_KEY: variable({
      doc: 'Enables Gemini.',
      schema: z.string().min(1),
      secret: true,
    }),
    GEMINI_MODEL: variable({
      doc: 'The Gemini model.',
      schema: z.string().regex(/^[\w./-]+$/, 'expected a model name such as gemini-2.5-flash'),
      default: DEFAULT_GEMINI_MODEL,
    }),
    GEMINI_BASE_URL: variable({
      doc: "Gemini's API root without the version (default: Google's; tests use a loopback server).",
      schema: httpUrl,
      production: HTTPS_ONLY,
    }),
    GEMINI_TIMEOUT_MS: variable({
      doc: 'Per attempt (two attempts at most).',
      schema: int(100, 60_000),
      default: String(DEFAULT_GEMINI_TIMEOUT_MS),
    }),
    CASCADE_BAND: variable({
      doc: 'Local scores in `lo,hi` are uncertain enough to ask Gemini.',
      schema: band,
      default: DEFAULT_CASCADE_BAND.join(','),
    }),
    CASCADE_ON_FINAL: variable({
      doc: 'Ask Gemini for every final transcript, whatever the local score (`true`/`false`, `1`/`0`).',
      schema: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
      default: 'true',
    }),
  },
  build: (v): TextEngineConfig => ({
    gemini: v.GEMINI_API_KEY
      ? {
          apiKey: v.GEMINI_API_KEY,
          model: v.GEMINI_MODEL,
          baseUrl: v.GEMINI_BASE_URL,
          timeoutMs: v.GEMINI_TIMEOUT_MS,
        }
      : null,
    band: v.CASCADE_BAND,
    onFinal: v.CASCADE_ON_FINAL,
  }),
});
