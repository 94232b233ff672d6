import { z } from 'zod';
import { variable } from '#core/config/variable';
import { section } from '../section';

/** A rate limit: at most `limit` requests per `periodMs`. */
export interface RateLimit {
  limit: number;
  periodMs: number;
}

/** The route groups that are rate-limited, each with its own limit. */
export type RateLimitedGroup = 'text' | 'audio' | 'streams';

/** `<requests>/<seconds>` (e.g. `20/60`: 20 a minute) or `off` (null). */
export const rateLimit = z.string().transform((raw, ctx): RateLimit | null => {
  if (raw.toLowerCase() === 'off') return null;
  const match = /^(\d{1,7})\s*\/\s*(\d{1,6})$/.exec(raw);
  const limit = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || limit < 1 || seconds < 1) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected <requests>/<seconds> such as 20/60, or off',
    });
    return z.NEVER;
  }
  return { limit, periodMs: seconds * 1000 };
});

const about = (what: string) =>
  `${what}, per API key or user (per client address for the open caller): \`<requests>/<seconds>\` or \`off\`.`;

/** Per caller and route group; the defaults are CallShield's own (slowapi), which had none on streams. */
export const rateLimits = section({
  title: 'Rate limits',
  about:
    "Counted in `RateLimiter` Durable Objects, so a limit holds across isolates. The defaults are CallShield's (20 transcripts and 10 audio files a minute); it had none on streams.",
  variables: {
    RATE_LIMIT_TEXT: variable({
      doc: about('Transcripts (`/analyze/text`)'),
      schema: rateLimit,
      default: '20/60',
    }),
    RATE_LIMIT_AUDIO: variable({
      doc: about('Audio files (`/analyze/audio`)'),
      schema: rateLimit,
      default: '10/60',
    }),
    RATE_LIMIT_STREAMS: variable({
      doc: about('New stream sockets and tickets'),
      schema: rateLimit,
      default: '10/60',
    }),
  },
  build: (v): Record<RateLimitedGroup, RateLimit | null> => ({
    text: v.RATE_LIMIT_TEXT,
    audio: v.RATE_LIMIT_AUDIO,
    streams: v.RATE_LIMIT_STREAMS,
  }),
});
