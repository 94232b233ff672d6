/** Renders a ScamReport (from /analyze/text or /analyze/audio) as a card. */

import type { ReportAnalysis, ScamReport } from '#core/schemas/report';
import type { AcousticFeatures } from '#core/schemas/sidecar-protocol';
import { type Child, fmtScore, h, humanize } from './dom';
import { exportButton, exportName } from './export-json';
import { renderEvidence } from './signals';
import { verdictBadge } from './verdict';

/** Renders `report`; Export JSON hands over the report as it is. */
export function renderReport(report: ScamReport): HTMLElement {
  // An audio report's text_analysis is a second engine's own view of the transcript (Gemini),
  // present only when one scored it.
  const titled: [title: string, analysis: ReportAnalysis | null][] =
    report.mode === 'audio'
      ? [
          ['Audio analysis', report.audio_analysis],
          ['Second opinion', report.text_analysis],
        ]
      : [['Text analysis', report.text_analysis]];
  const analyses = titled.flatMap(([title, a]) => (a ? [{ title, a }] : []));
  // The audio analysis already holds the transcript's signals plus the acoustic cues.
  const primary = report.audio_analysis ?? report.text_analysis;
  const recommendation = primary?.recommendation;
  const summary = primary?.transcript_summary;

  return h(
    'article.card.report',
    { testid: 'report', 'aria-label': 'Analysis report' },
    h(
      'header.report-head',
      null,
      h(
        'div',
        { 'aria-live': 'polite' },
        verdictBadge(report.verdict, 'report-verdict'),
        h('span.big-score', { testid: 'report-score' }, fmtScore(report.combined_score)),
        h('span.muted', null, ' combined score'),
        h('p.report-id.muted', null, `Report ${report.id}`),
      ),
      exportButton(() => report, exportName('report', report.id)),
    ),
    recommendation ? h('p.recommendation', null, recommendation) : null,
    report.review_required
      ? h(
          'p.review',
          null,
          `Flagged for human review: ${report.review_reason ?? 'doubtful result'}`,
        )
      : null,
    facts(report),
    analyses.length > 1
      ? h(
          'div.analyses',
          null,
          analyses.map(({ title, a }) =>
            h(
              'div.analysis',
              null,
              h('h4', null, title),
              h('p', null, `${fmtScore(a.scam_score)} · ${humanize(a.verdict)}`),
              h('p.muted', null, `confidence ${fmtScore(a.confidence)}`),
            ),
          ),
        )
      : null,
    h('h3', null, 'Signals'),
    renderEvidence(primary ?? { signals: [] }, { testid: 'report-signals' }),
    summary ? h('p.muted', null, summary) : null,
    report.transcript !== undefined
      ? [h('h3', null, 'Transcript'), transcriptBlock(report.transcript, 'report-transcript')]
      : null,
    report.features ? [h('h3', null, 'Audio features'), renderFeatures(report.features)] : null,
  );
}

function facts(report: ScamReport): HTMLElement {
  const asr = asrEngine(report);
  const rows: [label: string, value: string, testid?: string][] = [
    ['Mode', report.mode],
    ['Scoring engines', engineNames(report).join(', ') || '—', 'report-engine'],
    ...(asr ? [['Transcribed by', asr, 'report-asr-engine'] as [string, string, string]] : []),
    ['Processing', `${Math.round(report.processing_time_ms)} ms`],
    ['Analyzed', new Date(report.analyzed_at).toLocaleString()],
  ];
  return h(
    'dl.facts',
    null,
    rows.map(([k, v, testid]) => h('div', null, h('dt', null, k), h('dd', { testid }, v))),
  );
}

/** The speech recogniser that made the report's transcript, if one did. */
export function asrEngine(report: ScamReport): string | null {
  const name = report.asr_engine?.name;
  return name && name !== 'none' ? name : null;
}

/** The scoring engines a report or final result names. */
export function engineNames(result: {
  engines: readonly string[];
  text_analysis?: ReportAnalysis | null;
  audio_analysis?: ReportAnalysis | null;
}): string[] {
  const names = new Set(result.engines);
  for (const a of [result.text_analysis, result.audio_analysis]) {
    if (a?.engine) names.add(a.engine);
  }
  return [...names];
}

/** A transcript block; an empty transcript says so rather than showing nothing. */
export function transcriptBlock(text: string, testid: string): HTMLParagraphElement {
  return text.trim()
    ? h('p.transcript', { testid }, text)
    : h('p.transcript.muted', { testid }, '(no speech recognised)');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const dbfs = (v: number) => `${v.toFixed(1)} dBFS`;
const percent = (v: number) => `${Math.round(v * 100)} %`;
/** Null where too little was voiced to measure. */
const orDash =
  (format: (v: number) => string) =>
  (v: number | null): string =>
    v === null ? '—' : format(v);

/**
 * Every acoustic feature with a readable label and unit. A mapped type over the server's
 * schema: a feature added there fails the type check until it has a label here.
 */
const FEATURES: {
  [K in keyof AcousticFeatures]: [label: string, format: (v: AcousticFeatures[K]) => string];
} = {
  duration_ms: ['Duration', seconds],
  trimmed_duration_ms: ['Without silence', seconds],
  speech_ratio: ['Speech', percent],
  voiced_ms: ['Voiced', seconds],
  rms_dbfs: ['Loudness (RMS)', dbfs],
  peak_dbfs: ['Peak', dbfs],
  noise_floor_dbfs: ['Noise floor', dbfs],
  snr_db: ['Speech above noise', orDash((v) => `${v.toFixed(1)} dB`)],
  clipping_ratio: ['Clipping', (v) => `${(v * 100).toFixed(2)} %`],
  pitch_median_hz: ['Median pitch', orDash((v) => `${Math.round(v)} Hz`)],
  pitch_variability_st: ['Pitch movement', orDash((v) => `${v.toFixed(1)} semitones`)],
  loudness_variability_db: ['Loudness movement', orDash((v) => `${v.toFixed(1)} dB`)],
  dtmf: ['Keypad tones', (v) => (v.length ? v.map((d) => d.digit).join(' ') : 'none')],
};

function featureRow<K extends keyof AcousticFeatures>(key: K, value: AcousticFeatures[K]): Child {
  const [label, format] = FEATURES[key];
  return h('div', null, h('dt', null, label), h('dd', null, format(value)));
}

/** Acoustic features as a definition list. */
export function renderFeatures(features: AcousticFeatures): HTMLElement {
  const keys = Object.keys(FEATURES) as (keyof AcousticFeatures)[];
  return h(
    'dl.facts',
    { testid: 'report-features' },
    keys.map((key) => featureRow(key, features[key])),
  );
}
