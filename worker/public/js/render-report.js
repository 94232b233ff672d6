/** Renders a ScamReport (from /analyze/text or /analyze/audio) as a card. */
import { fmtScore, h, humanize } from './dom.js';
import { exportButton, exportName } from './export-json.js';
import { renderEvidence } from './signals.js';
import { verdictBadge } from './verdict.js';

/**
 * @param {any} report a ScamReport
 * @returns {HTMLElement}
 */
export function renderReport(report) {
  // An audio report's text_analysis is a second engine's own view of the transcript (Gemini),
  // present only when one scored it.
  const analyses = (
    report.mode === 'audio'
      ? [
          ['Audio analysis', report.audio_analysis],
          ['Second opinion', report.text_analysis],
        ]
      : [['Text analysis', report.text_analysis]]
  ).filter(([, a]) => a);
  // The audio analysis already holds the transcript's signals plus the acoustic cues.
  const primary = report.audio_analysis ?? report.text_analysis ?? {};
  const recommendation = primary.recommendation;
  const summary = primary.transcript_summary;

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
          analyses.map(([title, a]) =>
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
    renderEvidence(primary, { testid: 'report-signals' }),
    summary ? h('p.muted', null, summary) : null,
    report.transcript !== undefined
      ? [h('h3', null, 'Transcript'), transcriptBlock(report.transcript, 'report-transcript')]
      : null,
    report.features ? [h('h3', null, 'Audio features'), renderFeatures(report.features)] : null,
  );
}

function facts(report) {
  const asr = asrEngine(report);
  const rows = [
    ['Mode', report.mode],
    ['Scoring engines', engineNames(report).join(', ') || '—', 'report-engine'],
    asr ? ['Transcribed by', asr, 'report-asr-engine'] : null,
    ['Processing', `${Math.round(report.processing_time_ms ?? 0)} ms`],
    ['Analyzed', report.analyzed_at ? new Date(report.analyzed_at).toLocaleString() : '—'],
  ].filter(Boolean);
  return h(
    'dl.facts',
    null,
    rows.map(([k, v, testid]) => h('div', null, h('dt', null, k), h('dd', { testid }, v))),
  );
}

/**
 * The speech recogniser the server says it used, if any. The field has gone by a few names
 * while the API grew, so each is tried.
 * @param {any} report
 * @returns {string | null}
 */
export function asrEngine(report) {
  const named = [report.asr_engine, report.transcription?.engine, report.transcription_engine];
  for (const value of named) {
    const name = typeof value === 'string' ? value : value?.name;
    if (typeof name === 'string' && name && name !== 'none') return name;
  }
  return null;
}

/**
 * The scoring engines a report or final result names.
 * @param {any} report
 * @returns {string[]}
 */
export function engineNames(report) {
  const names = new Set(Array.isArray(report.engines) ? report.engines : []);
  for (const a of [report.text_analysis, report.audio_analysis]) {
    if (typeof a?.engine === 'string') names.add(a.engine);
  }
  return [...names];
}

/**
 * A transcript block; an empty transcript says so rather than showing nothing.
 * @param {string} text
 * @param {string} testid
 */
export function transcriptBlock(text, testid) {
  return text?.trim()
    ? h('p.transcript', { testid }, text)
    : h('p.transcript.muted', { testid }, '(no speech recognised)');
}

const seconds = (v) => `${(v / 1000).toFixed(1)} s`;
const dbfs = (v) => `${v.toFixed(1)} dBFS`;
/** Known acoustic features: a readable label and unit for each. */
const FEATURES = {
  duration_ms: ['Duration', seconds],
  trimmed_duration_ms: ['Without silence', seconds],
  speech_ratio: ['Speech', (v) => `${Math.round(v * 100)} %`],
  rms_dbfs: ['Loudness (RMS)', dbfs],
  peak_dbfs: ['Peak', dbfs],
  noise_floor_dbfs: ['Noise floor', dbfs],
  clipping_ratio: ['Clipping', (v) => `${(v * 100).toFixed(2)} %`],
  dtmf: ['Keypad tones', (v) => (v.length ? v.map((d) => d.digit ?? '?').join(' ') : 'none')],
};

/**
 * Acoustic features as a definition list; unknown fields are shown as they come.
 * @param {Record<string, unknown>} features
 */
export function renderFeatures(features) {
  return h(
    'dl.facts',
    { testid: 'report-features' },
    Object.entries(features).map(([key, value]) => {
      const [label, format] = FEATURES[key] ?? [humanize(key), null];
      let shown;
      try {
        shown = format
          ? format(value)
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
      } catch {
        // A field whose shape changed shows raw rather than breaking the whole report.
        shown = JSON.stringify(value);
      }
      return h('div', null, h('dt', null, label), h('dd', null, shown));
    }),
  );
}
