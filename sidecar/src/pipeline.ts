/**
 * The processing pipeline of one request: decode → trim → (upload ∥ transcribe) → features.
 * Each stage is timed; the response shape is the protocol's ProcessResponse.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeFeatures } from '#core/audio/features';
import { encodeWav16, samplesToMs } from '#core/audio/pcm';
import { findTrimBounds } from '#core/audio/trim';
import type { ProcessParams, ProcessResponse } from '#core/schemas/sidecar-protocol';
import type { TranscriberSelector } from './asr/selector';
import { wordsFromSegments } from './asr/transcriber';
import type { SidecarConfig } from './config';
import { contextWindow } from './context-window';
import type { Logger } from './log';
import { fetchSource } from './media/fetch-source';
import { decodeToPcm16k, PIPELINE_RATE } from './media/ffmpeg';
import { type UploadResult, uploadWav } from './media/upload';

/** What the pipeline needs from the app. */
export interface PipelineDeps {
  config: SidecarConfig;
  ffmpegPath: string;
  selector: TranscriberSelector;
  logger: Logger;
  /** How many requests wait in the queue now (none when absent). */
  queued?: () => number;
}

const elapsed = (since: number): number => Math.round((performance.now() - since) * 10) / 10;

/**
 * Runs the whole pipeline on one body, or (`bytes` null) on the file at `params.source_url`,
 * fetched first. Throws SidecarError (or the abort reason).
 */
export async function processAudio(
  bytes: Uint8Array | null,
  params: ProcessParams,
  deps: PipelineDeps,
  signal: AbortSignal,
): Promise<ProcessResponse> {
  const t0 = performance.now();
  const tmpDir = await mkdtemp(join(tmpdir(), 'callshield-sidecar-'));
  try {
    let t = performance.now();
    const source = bytes === null && params.source_url ? join(tmpDir, 'source.bin') : undefined;
    if (source && params.source_url)
      await fetchSource(params.source_url, source, {
        signal,
        maxBytes: deps.config.maxSourceBytes,
        logger: deps.logger,
      });
    const pcm = await decodeToPcm16k(
      deps.ffmpegPath,
      {
        bytes: bytes ?? undefined,
        path: source,
        format: params.format,
        sampleRate: params.sample_rate,
        channels: params.channels,
      },
      { tmpDir, signal, maxSeconds: deps.config.maxAudioSeconds, logger: deps.logger },
    );
    const decodeMs = elapsed(t);

    t = performance.now();
    const { maxContextMs, busyContextMs } = deps.config;
    const backlog = (deps.queued?.() ?? 0) > 0;
    const window = contextWindow(
      pcm.length,
      PIPELINE_RATE,
      params.context_ms,
      backlog ? Math.min(maxContextMs, busyContextMs) : maxContextMs,
    );
    const region = pcm.subarray(window.decodeFrom);
    const thresholdDbfs = params.silence_threshold_db ?? deps.config.silenceThresholdDb;
    const inRegion = params.trim
      ? findTrimBounds(region, PIPELINE_RATE, {
          thresholdDbfs,
          minSilenceMs: params.min_silence_ms ?? deps.config.minSilenceMs,
        })
      : { start: 0, end: region.length };
    // Bounds in samples of the whole decoded body, like every time in the response.
    const bounds = {
      start: window.decodeFrom + inRegion.start,
      end: window.decodeFrom + inRegion.end,
    };
    const kept = pcm.subarray(bounds.start, bounds.end);
    const trimMs = elapsed(t);

    // The upload runs while we transcribe: it is network-bound, recognition is CPU-bound.
    let uploadMs = 0;
    const upload: Promise<UploadResult> | null = params.upload_url
      ? (async () => {
          const started = performance.now();
          try {
            return await uploadWav(params.upload_url!, encodeWav16(kept, PIPELINE_RATE), {
              signal,
              logger: deps.logger,
            });
          } finally {
            uploadMs = elapsed(started);
          }
        })()
      : null;
    // Don't leave a rejection unobserved if transcription fails first.
    upload?.catch(() => undefined);

    t = performance.now();
    const offsetMs = samplesToMs(bounds.start, PIPELINE_RATE);
    let result: Pick<ProcessResponse, 'segments' | 'text' | 'words' | 'engine'> = {
      segments: [],
      text: '',
      words: [],
      engine: { name: 'none', model: null },
    };
    if (params.transcribe && kept.length > 0) {
      const { transcript, engine } = await deps.selector.transcribe(kept, { signal, tmpDir });
      const shift = <T extends { start_ms: number; end_ms: number }>(x: T): T => ({
        ...x,
        start_ms: x.start_ms + offsetMs,
        end_ms: x.end_ms + offsetMs,
      });
      result = {
        segments: transcript.segments.map(shift),
        text: transcript.text,
        words: (transcript.words ?? wordsFromSegments(transcript.segments)).map(shift),
        engine,
      };
    }
    const transcribeMs = elapsed(t);

    t = performance.now();
    // With context, the measurements describe the new audio only (after `split`), so a
    // stream's per-chunk acoustics are the chunk's own, not the call before it.
    const measured = pcm.subarray(window.split);
    const features = computeFeatures(measured, PIPELINE_RATE, {
      silenceThresholdDbfs: thresholdDbfs,
      trimmed: {
        start: Math.max(0, bounds.start - window.split),
        end: Math.max(0, bounds.end - window.split),
      },
    });
    const featuresMs = elapsed(t);

    const uploadResult = upload ? await upload : undefined;
    return {
      ...result,
      features,
      timings_ms: {
        decode: decodeMs,
        trim: trimMs,
        transcribe: transcribeMs,
        features: featuresMs,
        upload: uploadMs,
        total: elapsed(t0),
      },
      trim: { start_ms: offsetMs, end_ms: samplesToMs(bounds.end, PIPELINE_RATE) },
      ...(window.split > 0
        ? {
            context: {
              split_ms: samplesToMs(window.split, PIPELINE_RATE),
              decoded_from_ms: samplesToMs(window.decodeFrom, PIPELINE_RATE),
            },
          }
        : {}),
      ...(uploadResult ? { upload: uploadResult } : {}),
    };
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}
