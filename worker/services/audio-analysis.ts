import { acousticAnalysis } from '#core/acoustic';
import { wavCutShort } from '#core/audio/wav-reader';
import { adjustForCampaign, type LabelledCampaignMatch } from '#core/campaigns/adjust';
import { TRIMMED_UPLOAD_URL_TTL_S } from '#core/limits';
import type { Analysis, ScamReport } from '#core/schemas/report';
import type { ProcessResponse } from '#core/schemas/sidecar-protocol';
import type { Thresholds } from '#core/thresholds';
import type { TextEngine, TextEngineResult } from '../engines';
import { ApiError } from '../errors';
import type { Presigner } from './presign';
import { buildReport } from './report';
import {
  type ProcessRequest,
  processWithRetry,
  SidecarCallError,
  type SidecarClient,
} from './sidecar-client';
import { estimateAudioMs, sidecarDeadlineMs } from './sidecar-deadline';
import { keyInOrg, reportKeys } from './storage-keys';

/** What an audio analysis needs from its surroundings. */
export interface AudioAnalysisDeps {
  sidecar: SidecarClient;
  bucket: R2Bucket;
  presigner: Presigner;
  textEngine: TextEngine;
  thresholds: Thresholds;
  /**
   * The organisation's labelled campaign the transcript matches (campaign-match.ts
   * `matchLabelledCampaign`: bounded in time, null on any failure); absent: none is looked up.
   */
  matchCampaign?: (transcript: string) => Promise<LabelledCampaignMatch | null>;
}

export interface AudioInput {
  bytes: Uint8Array;
  contentType: string;
  filename: string;
  org: string;
  format?: ProcessRequest['format'];
  sampleRate?: number;
  channels?: number;
  /** `performance.now()` when the request arrived; `processing_time_ms` counts from it. */
  receivedAt?: number;
}

/** Retry-After (seconds) on 503/504: busy clears fast, a timeout or a missing engine less so. */
const RETRY_AFTER_S = { busy: 5, timeout: 15, down: 60 } as const;

/**
 * Stores the original, has the sidecar decode → trim → transcribe → measure (it uploads the
 * trimmed WAV through a presigned PUT), then scores the transcript and the acoustic features.
 * On failure the stored original is removed, so a rejected upload leaves nothing behind.
 */
export async function analyzeAudio(
  input: AudioInput,
  deps: AudioAnalysisDeps,
): Promise<ScamReport> {
  const startedAt = input.receivedAt ?? performance.now();
  assertCompleteWav(input.bytes);
  const id = `analysis_${crypto.randomUUID()}`;
  const { original: originalKey, trimmed: trimmedKey } = reportKeys(input.org, id, input.filename);
  // Derived from the caller's organisation and a fresh id: the check says so, for every key.
  if (!keyInOrg(originalKey, input.org) || !keyInOrg(trimmedKey, input.org))
    throw new ApiError('FORBIDDEN', 'audio is kept per organisation');
  await deps.bucket.put(originalKey, input.bytes, {
    httpMetadata: { contentType: input.contentType },
  });
  const params = { format: input.format, sample_rate: input.sampleRate, channels: input.channels };
  // Bounded by the audio's length (sidecar-deadline.ts), so a hung sidecar is answered soon.
  const budget = { attempts: 2, totalMs: sidecarDeadlineMs(estimateAudioMs(input.bytes, params)) };
  let processed: ProcessResponse;
  try {
    processed = await processWithRetry(
      deps.sidecar,
      input.bytes,
      {
        ...params,
        upload_url: await deps.presigner.url('PUT', trimmedKey, TRIMMED_UPLOAD_URL_TTL_S),
      },
      budget,
    );
  } catch (error) {
    await deps.bucket.delete(originalKey);
    throw toApiError(error);
  }
  const transcript = processed.text.trim();
  const text: TextEngineResult = transcript
    ? await deps.textEngine.analyze(transcript, { final: true })
    : { analysis: noSpeech(), engines: ['local'] };
  // A reviewer-labelled campaign moves the transcript's score before the acoustic cues are
  // combined with it, as for a text report (docs/campaigns.md); Gemini's own opinion stays its own.
  const match = transcript && deps.matchCampaign ? await deps.matchCampaign(transcript) : null;
  const acoustic = acousticAnalysis(processed.features, deps.thresholds);
  const trimmedStored = await isStored(deps.bucket, trimmedKey, processed.upload);
  return buildReport({
    id,
    mode: 'audio',
    text: adjustForCampaign(text.analysis, match, deps.thresholds),
    campaignId: match?.campaign,
    acoustic,
    secondOpinion: text.second_opinion,
    engines: acoustic ? [...text.engines, 'acoustic'] : text.engines,
    thresholds: deps.thresholds,
    startedAt,
    transcript,
    fallbackReason: text.fallback_reason,
    audioDetails: {
      features: processed.features,
      asr_engine: processed.engine,
      audio: {
        original_key: originalKey,
        trimmed_key: trimmedStored ? trimmedKey : null,
        trimmed_stored: trimmedStored,
      },
    },
  });
}

/** What a cut-off WAV is told, here and by the background job (jobs/failure.ts). */
export const TRUNCATED_WAV =
  'the WAV file is truncated: it ends before the audio its header declares';

/**
 * Refuses a WAV cut off before the data its header declares. ffmpeg decodes whatever is
 * there, so a 100-byte piece of a call came out as a few ms of audio, scored SAFE at 0.
 * A file that is no WAV is left to ffmpeg.
 */
function assertCompleteWav(bytes: Uint8Array): void {
  if (wavCutShort(bytes, bytes.byteLength))
    throw new ApiError('UNPROCESSABLE_AUDIO', TRUNCATED_WAV);
}

/**
 * Whether the trimmed audio really is in the bucket. The sidecar's word ("uploaded": some
 * server answered 2xx) is not enough: only an object of the size it sent counts.
 */
async function isStored(
  bucket: R2Bucket,
  key: string,
  upload: ProcessResponse['upload'],
): Promise<boolean> {
  if (upload?.status !== 'uploaded') return false;
  const head = await bucket.head(key);
  return head !== null && head.size === upload.bytes;
}

/** The text analysis of audio in which no speech was recognised. */
export function noSpeech(): Analysis {
  return {
    scam_score: 0,
    confidence: 0.2,
    verdict: 'SAFE',
    signals: [],
    recommendation: 'No speech was recognised in this audio.',
    transcript_summary: 'No speech recognised.',
    engine: 'local',
  };
}

/** Maps the sidecar's typed errors onto the API's codes; its messages are safe to show. */
function toApiError(error: unknown): ApiError {
  if (!(error instanceof SidecarCallError))
    return new ApiError('INTERNAL', 'audio processing failed', { cause: error });
  switch (error.code) {
    case 'EMPTY_BODY':
    case 'INVALID_PARAMS':
      return new ApiError('INVALID_AUDIO', error.message);
    case 'UNSUPPORTED_MEDIA':
      return new ApiError('UNPROCESSABLE_AUDIO', 'the file could not be decoded as audio');
    case 'PAYLOAD_TOO_LARGE':
    case 'AUDIO_TOO_LONG':
      return new ApiError('PAYLOAD_TOO_LARGE', error.message);
    case 'TIMEOUT':
      return new ApiError(
        'UPSTREAM_TIMEOUT',
        'audio processing took too long; try again later or with a shorter file',
        { retryAfter: RETRY_AFTER_S.timeout, cause: error },
      );
    default:
      return new ApiError(
        'UPSTREAM_UNAVAILABLE',
        'the media service is busy or unavailable; try again shortly',
        { retryAfter: error.retryable ? RETRY_AFTER_S.busy : RETRY_AFTER_S.down, cause: error },
      );
  }
}
