/** `POST /v1/speak`: a short text as 8 kHz µ-law, for a warning spoken into a phone call. */
import { Hono } from 'hono';
import { SPEAK_CONTENT_TYPE, SpeakRequestSchema } from '#core/schemas/sidecar-protocol';
import type { SidecarConfig } from '../config';
import { SidecarError } from '../errors';
import type { ConcurrencyLimiter } from '../limiter';
import { speakMulaw } from '../media/speech';

/** Mounts the route; answers 500 INTERNAL when espeak-ng or ffmpeg is missing. */
export function speakRoutes(deps: {
  config: SidecarConfig;
  limiter: ConcurrencyLimiter;
  espeakPath: string | null;
  ffmpegPath: string | null;
}): Hono {
  return new Hono().post('/v1/speak', async (c) => {
    const body = SpeakRequestSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success)
      throw new SidecarError('INVALID_PARAMS', 'expected {"text": "…"} (1–500 characters)');
    if (!deps.espeakPath || !deps.ffmpegPath)
      throw new SidecarError('INTERNAL', 'speech synthesis is not available on this sidecar');
    const tools = { espeak: deps.espeakPath, ffmpeg: deps.ffmpegPath };
    const signal = AbortSignal.timeout(deps.config.requestTimeoutMs);
    const audio = await deps.limiter.run(() => speakMulaw(body.data.text, tools, signal), signal);
    return c.body(audio, 200, { 'Content-Type': SPEAK_CONTENT_TYPE });
  });
}
