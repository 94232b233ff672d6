import { acousticAnalysis } from '#core/acoustic';
import { wavCutShort } from '#core/audio/wav-reader';
import { adjustForCampaign } from '#core/campaigns/adjust';
import { MAX_UPLOAD_BYTES } from '#core/limits';
import type { ProcessResponse } from '#core/schemas/sidecar-protocol';
import type { AnalysisRecord } from '../db/call-analyses';
import type { TextEngineResult } from '../engines';
import type { Services } from '../services';
import { noSpeech } from '../services/audio-analysis';
import { matchLabelledCampaign } from '../services/campaign-match';
import { orgStorage } from '../services/org-storage';
import { buildReport } from '../services/report';
import { audioMsBound, jobSidecarDeadlineMs } from '../services/sidecar-deadline';
import { analysisAudioKeys, jobTrimmedKey } from '../services/storage-keys';
import { type BusyBudget, busyBudget, whileBusy } from './busy';
import { advanceJob, type JobClaim, type JobOutcome } from './db';
import { ClaimLost, fileChanged, JobFailure, truncatedUpload } from './failure';
import { toTranscriptSegments, withAuthentiVoiceFields } from './result';

/**
 * One analysis job, from the stored upload to the finished result:
 *
 * 1. decoding: the sidecar fetches the original (presigned GET), decodes it, trims the silence
 *    at both ends, measures it and PUTs the trimmed 16 kHz WAV to storage (presigned PUT);
 * 2. transcribing: the sidecar fetches the trimmed audio and transcribes it;
 * 3. scoring: the transcript through the text engine (the cascade), the measurements through
 *    the acoustic cues, combined into one report.
 *
 * Each stage is recorded on the row with its progress before it starts. Throws JobFailure
 * (or anything else, which the consumer treats as retryable), or ClaimLost.
 */
export async function runJob(
  job: AnalysisRecord,
  claim: JobClaim,
  services: Services,
): Promise<JobOutcome> {
  const startedAt = performance.now();
  // The row's organisation's audio only, at keys derived from the row (never its key columns,
  // which a member could have written by hand).
  const storage = orgStorage(services.storage, job.organization_id);
  const service = services.db?.service;
  if (!service) throw new JobFailure('NO_DATABASE', 'no database is configured', false);
  const stage = async (name: 'decoding' | 'transcribing' | 'scoring', progress: number) => {
    if (!(await advanceJob(service, claim, name, progress))) throw new ClaimLost();
  };

  const originalKey = analysisAudioKeys(job).original;
  const original = originalKey ? await storage.head(originalKey) : null;
  if (!originalKey || !original)
    throw new JobFailure(
      'FILE_MISSING',
      'the uploaded file is no longer in storage; upload it again and create a new analysis',
      false,
    );
  // The size and tag it had when the analysis was created (older rows have no tag).
  const changed =
    (job.file_size !== null && original.size !== job.file_size) ||
    (job.file_etag !== null && original.etag !== null && original.etag !== job.file_etag);
  if (changed) throw fileChanged();
  // ffmpeg decodes whatever part of a cut-off WAV arrived; the header says what should have.
  const head =
    original.size > 0
      ? await storage.readStart(originalKey, Math.min(WAV_HEAD_BYTES, original.size))
      : null;
  if (head && wavCutShort(head, original.size)) throw truncatedUpload();
  await stage('decoding', 10);
  const trimmedKey = jobTrimmedKey(job.organization_id, job.id);
  // The original's length is unknown until it is decoded; its size bounds it.
  const decodeMs = jobSidecarDeadlineMs(audioMsBound(original.size), claim.attempts);
  // One budget for waiting out a busy pool, shared by both sidecar calls of this run.
  const busy = busyBudget(services.config.jobs.busyWaitMs);
  const decoded = await process(services, busy, decodeMs, {
    source_url: await storage.url('GET', originalKey, urlTtl(decodeMs)),
    upload_url: await storage.url('PUT', trimmedKey, urlTtl(decodeMs), {
      maxBytes: MAX_UPLOAD_BYTES,
    }),
    trim: true,
    transcribe: false,
  });
  const trimmed = await storage.head(trimmedKey);
  if (decoded.upload?.status !== 'uploaded' || trimmed?.size !== decoded.upload.bytes)
    throw new JobFailure('STORAGE_UNAVAILABLE', 'the trimmed audio could not be stored', true);

  let transcribed: ProcessResponse | null = null;
  if (decoded.features.trimmed_duration_ms > 0) {
    await stage('transcribing', 40);
    const transcribeMs = jobSidecarDeadlineMs(decoded.features.trimmed_duration_ms, claim.attempts);
    transcribed = await process(services, busy, transcribeMs, {
      source_url: await storage.url('GET', trimmedKey, urlTtl(transcribeMs)),
      trim: false,
      transcribe: true,
    });
  }

  await stage('scoring', 85);
  const transcript = transcribed?.text.trim() ?? '';
  const text: TextEngineResult = transcript
    ? await services.textEngine.analyze(transcript, { final: true })
    : { analysis: noSpeech(), engines: ['local'] };
  // The organisation's reviewer-labelled campaigns, as for an uploaded report
  // (services/audio-analysis.ts); bounded, and null on any failure (logged).
  const match = transcript
    ? await matchLabelledCampaign(services, job.organization_id, transcript)
    : null;
  const acoustic = acousticAnalysis(decoded.features, services.config.thresholds);
  const report = buildReport({
    id: `analysis_${job.id}`,
    mode: 'audio',
    text: adjustForCampaign(text.analysis, match, services.config.thresholds),
    campaignId: match?.campaign,
    acoustic,
    secondOpinion: text.second_opinion,
    engines: acoustic ? [...text.engines, 'acoustic'] : text.engines,
    thresholds: services.config.thresholds,
    startedAt,
    transcript,
    fallbackReason: text.fallback_reason,
    audioDetails: {
      features: decoded.features,
      asr_engine: transcribed?.engine ?? { name: 'none', model: null },
      audio: { original_key: originalKey, trimmed_key: trimmedKey, trimmed_stored: true },
    },
  });
  return {
    transcript,
    segments: toTranscriptSegments(transcribed?.segments ?? [], decoded.trim.start_ms),
    result: withAuthentiVoiceFields(report),
    combined_score: report.combined_score,
    verdict: report.verdict,
    engines: report.engines,
    review_required: report.review_required,
    review_reason: report.review_reason,
    audio_key: originalKey,
    trimmed_audio_key: trimmedKey,
    metadata: {
      ...job.metadata,
      asr_engine: report.asr_engine,
      duration_ms: decoded.features.duration_ms,
      trimmed_duration_ms: decoded.features.trimmed_duration_ms,
    },
  };
}

/** How much of an upload is read to find a WAV's data chunk (past any metadata chunks). */
const WAV_HEAD_BYTES = 64 * 1024;

/** Presigned URLs outlive the call that uses them by a minute. */
const urlTtl = (deadlineMs: number) => Math.ceil(deadlineMs / 1000) + 60;

/**
 * One sidecar call on a stored file, bounded by `deadlineMs` on both ends, on whichever
 * instance of the pool has room; a pool busy everywhere is waited out within `busy`.
 */
function process(
  services: Services,
  busy: BusyBudget,
  deadlineMs: number,
  request: Parameters<Services['sidecar']['process']>[1],
): Promise<ProcessResponse> {
  // The sidecar stops at the deadline; the client waits a little longer for its answer.
  return whileBusy(busy, () =>
    services.sidecar.process(
      null,
      { ...request, timeout_ms: deadlineMs },
      { timeoutMs: deadlineMs + 5_000 },
    ),
  );
}
