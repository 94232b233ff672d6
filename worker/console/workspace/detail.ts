/**
 * One analysis: its verdict and result, the audio player (a short-lived presigned URL), the
 * transcript segments (each seeks the player), the signals, and the review: claim, the three
 * outcomes with notes, and every change made so far.
 */
import { z } from 'zod';
import { ScamReportSchema } from '#core/schemas/report';
import { StreamFinalSchema } from '#core/schemas/stream-protocol';
import type { ReviewRecord } from '../../db/analysis-reviews';
import { errorParts } from '../api';
import { append, fmtScore, h, humanize } from '../dom';
import { type Evidence, renderEvidence } from '../signals';
import { verdictBadge } from '../verdict';
import { call } from './client';
import { AnalysisView, AudioView, ReviewsView } from './responses';

type Outcome = NonNullable<ReviewRecord['outcome']>;

const OUTCOMES: [outcome: Outcome, label: string, style: string][] = [
  ['confirmed_scam', 'Confirm scam', 'danger'],
  ['false_positive', 'False positive', 'secondary'],
  ['inconclusive', 'Inconclusive', 'secondary'],
];

/**
 * A stored result is what its client received: a ScamReport (text, audio, uploads, with
 * AuthentiVoice's fields besides) or a stream's final result (streams, phone calls).
 */
const StoredResultSchema = z.union([ScamReportSchema, StreamFinalSchema]);

/**
 * The signals and the one-line summary of a stored result, whatever its source; null when it
 * is not a result the page can read.
 */
export function storedResult(result: Record<string, unknown> | null): {
  evidence: Evidence;
  summary?: string;
} | null {
  const parsed = StoredResultSchema.safeParse(result);
  if (!parsed.success) return null;
  const stored = parsed.data;
  if ('reason' in stored) return { evidence: stored, summary: stored.transcript_summary };
  // As on the report card: the audio analysis holds the transcript's signals and the acoustic
  // cues; an upload's text_analysis is a second opinion on the same words, not more evidence.
  const primary = stored.audio_analysis ?? stored.text_analysis;
  return primary ? { evidence: primary, summary: primary.transcript_summary } : null;
}

const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/** The transcript: timed segments that seek the player, else the text as it was analysed. */
function transcriptOf(job: AnalysisView, player: HTMLAudioElement | null): HTMLElement {
  if (!job.segments?.length) {
    return job.transcript?.trim()
      ? h('p.transcript', { testid: 'detail-transcript' }, job.transcript)
      : h('p.muted', null, 'No speech was recognised.');
  }
  return h(
    'ol.segments',
    { testid: 'segments' },
    job.segments.map((s) =>
      h(
        'li',
        null,
        h(
          'button.segment',
          {
            type: 'button',
            testid: 'segment',
            'data-start': s.start,
            title:
              s.confidence === null
                ? 'no confidence from the recogniser'
                : `confidence ${fmtScore(s.confidence)}`,
            onclick: () => {
              if (!player) return;
              player.currentTime = s.start;
              void player.play().catch(() => undefined);
            },
          },
          h('span.segment-time', null, `${clock(s.start)}–${clock(s.end)}`),
          ' ',
          s.text,
        ),
      ),
    ),
  );
}

function reviewPanel(job: AnalysisView, reload: () => void): HTMLElement {
  const notes = h('textarea', {
    id: 'review-notes',
    rows: 2,
    maxlength: 10000,
    testid: 'review-notes',
  });
  const status = h('p.status-line', { role: 'status', testid: 'review-status' });
  const act = async (path: string, body: object) => {
    status.textContent = 'Saving…';
    try {
      await call(z.unknown(), path, { body });
      reload();
    } catch (error) {
      status.textContent = errorParts(error).detail;
    }
  };
  const queued = job.review_required && job.review_status !== 'completed';
  return h(
    'div.review-panel',
    { testid: 'review-panel' },
    h('h3.card-subtitle', null, 'Review'),
    h(
      'p',
      { testid: 'review-state', 'data-review-status': job.review_status },
      job.review_outcome
        ? `Reviewed: ${humanize(job.review_outcome)}`
        : queued
          ? `Waiting for review: ${job.review_reason ?? 'doubtful result'}`
          : 'Not flagged for review.',
      job.assigned_to ? h('span.muted', null, ' (assigned)') : null,
    ),
    queued
      ? h(
          'button.secondary.small',
          {
            type: 'button',
            testid: 'review-claim',
            onclick: () => act(`/api/v1/analyses/${job.id}/claim`, {}),
          },
          'Claim',
        )
      : null,
    h('label', { for: 'review-notes' }, 'Notes'),
    notes,
    h(
      'div.controls',
      null,
      OUTCOMES.map(([outcome, label, style]) =>
        h(
          `button.${style}`,
          {
            type: 'button',
            testid: `review-${outcome}`,
            disabled: job.status !== 'completed',
            onclick: () =>
              act(`/api/v1/analyses/${job.id}/reviews`, {
                outcome,
                notes: notes.value.trim() || null,
              }),
          },
          label,
        ),
      ),
    ),
    status,
  );
}

function historyOf(records: z.infer<typeof ReviewsView>['reviews']): HTMLElement | null {
  if (!records.length) return null;
  return h(
    'ol.review-history',
    { testid: 'review-history' },
    records.map((r) =>
      h(
        'li',
        null,
        h('strong', null, humanize(r.action)),
        r.outcome ? ` · ${humanize(r.outcome)}` : '',
        r.notes ? ` · “${r.notes}”` : '',
        h('span.muted', null, ` ${new Date(r.created_at).toLocaleString()}`),
      ),
    ),
  );
}

/**
 * Renders the analysis `id` into `container`.
 * @param onChange called after a review change (the list may need it)
 */
export async function showAnalysis(
  container: HTMLElement,
  id: string,
  onChange: () => void,
): Promise<void> {
  container.hidden = false;
  container.replaceChildren(h('p.muted', null, 'Loading…'));
  const reload = () => {
    onChange();
    void showAnalysis(container, id, onChange);
  };
  try {
    const [job, audio, history] = await Promise.all([
      call(AnalysisView, `/api/v1/analyses/${id}`),
      call(AudioView, `/api/v1/analyses/${id}/audio`),
      call(ReviewsView, `/api/v1/analyses/${id}/reviews`),
    ]);
    const source = audio.original ?? audio.trimmed;
    const player = source
      ? h('audio', { controls: true, preload: 'metadata', src: source.url, testid: 'audio-player' })
      : null;
    const result = storedResult(job.result);
    // append() skips the parts a job doesn't have (replaceChildren would print "null").
    container.replaceChildren();
    append(container, [
      h('a.small-link', { href: '#/' }, '← All analyses'),
      h(
        'header.report-head',
        null,
        h(
          'div',
          null,
          h('h2', { testid: 'detail-title' }, job.file_name ?? humanize(job.source)),
          job.verdict ? verdictBadge(job.verdict, 'detail-verdict') : null,
          h('span.big-score', { testid: 'detail-score' }, fmtScore(job.combined_score)),
          h(
            'p.muted',
            { testid: 'detail-status', 'data-status': job.status },
            `${humanize(job.status)} · ${humanize(job.stage)} · ${job.progress}%`,
          ),
        ),
      ),
      job.error ? h('p.errors', { testid: 'detail-error' }, job.error) : null,
      result?.summary ? h('p.recommendation', null, result.summary) : null,
      player ?? h('p.muted', null, 'No audio is stored for this analysis.'),
      h('h3.card-subtitle', null, 'Transcript'),
      transcriptOf(job, player),
      h('h3.card-subtitle', null, 'Signals'),
      renderEvidence(result?.evidence ?? { signals: [] }, { testid: 'detail-signals' }),
      reviewPanel(job, reload),
      historyOf(history.reviews),
    ]);
  } catch (error) {
    container.replaceChildren(h('p.errors', { testid: 'detail-error' }, errorParts(error).detail));
  }
}
