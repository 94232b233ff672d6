/** `GET /healthz`: readiness, engines with their load errors, queue and limits. */
import { Hono } from 'hono';
import type { HealthResponse } from '#core/schemas/sidecar-protocol';
import type { TranscriberSelector } from '../asr/selector';
import type { SidecarConfig } from '../config';
import type { ConcurrencyLimiter } from '../limiter';
import type { BinaryInfo } from '../media/resolve-binary';

/** Builds the health snapshot; exported so the server can log it at start. */
export function healthSnapshot(
  config: SidecarConfig,
  selector: TranscriberSelector,
  limiter: ConcurrencyLimiter,
  ffmpeg: BinaryInfo,
): HealthResponse {
  const engines = selector.status();
  const current = selector.current();
  const ffmpegOk = ffmpeg.path !== null;
  // Ready once every engine has settled (loaded or failed), so requests are served as well as
  // they will be: not by the fallback while Whisper is still loading. With no engine at all,
  // only transcribe=false requests succeed, and /healthz says why.
  const ready = ffmpegOk && !selector.stillLoading();
  const allGood = ffmpegOk && engines.every((e) => e.available);
  return {
    status: !ready ? (ffmpegOk ? 'starting' : 'degraded') : allGood ? 'ok' : 'degraded',
    ready,
    engine: current ? { name: current.name, model: current.model } : null,
    engines,
    ffmpeg: { available: ffmpegOk, ...(ffmpeg.error ? { error: ffmpeg.error } : {}) },
    queue: limiter.stats(),
    limits: {
      max_body_bytes: config.maxBodyBytes,
      request_timeout_ms: config.requestTimeoutMs,
      max_audio_seconds: config.maxAudioSeconds,
      max_context_ms: config.maxContextMs,
      busy_context_ms: config.busyContextMs,
    },
  };
}

/** Mounts the health route; 200 when ready, 503 otherwise (same body either way). */
export function healthRoutes(
  config: SidecarConfig,
  selector: TranscriberSelector,
  limiter: ConcurrencyLimiter,
  ffmpeg: BinaryInfo,
): Hono {
  return new Hono().get('/healthz', (c) => {
    const body = healthSnapshot(config, selector, limiter, ffmpeg);
    return c.json(body, body.ready ? 200 : 503);
  });
}
