/** Renders a ScamReport (from /analyze/text or /analyze/audio) as a card. */
import { fmtScore, h, humanize } from './dom.js';
import { exportButton, exportName } from './export-json.js';
import { renderSignals } from './signals.js';
import { verdictBadge } from './verdict.js';

/**
 * @param {any} report a ScamReport
 * @returns {HTMLElement}
 */
export function renderReport(report) {
  const analyses = [
    ['Text analysis', report.text_analysis],
    ['Audio analysis', report.audio_analysis],
  ].filter(([, a]) => a);
  const signals = analyses.flatMap(([, a]) => a.signals ?? []);
  const recommendation =
    report.text_analysis?.recommendation ?? report.audio_analysis?.recommendation;
  const summary = report.text_analysis?.transcript_summary;

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
    renderSignals(signals, { testid: 'report-signals' }),
    summary ? h('p.muted', null, summary) : null,
    report.transcript !== undefined
      ? [h('h3', null, 'Transcript'), transcriptBlock(report.transcript, 'report-transcript')]
      : null,
    report.features ? [h('h3', null, 'Audio features'), renderFeatures(report.features)] : null,
  );
}

function facts(report) {
  const rows = [
    ['Mode', report.mode],
    ['Engines', engineNames(report).join(', ') || '—', 'report-engine'],
    ['Processing', `${Math.round(report.processing_time_ms ?? 0)} ms`],
    ['Analyzed', report.analyzed_at ? new Date(report.analyzed_at).toLocaleString() : '—'],
    ['Report id', report.id],
  ];
  return h(
    'dl.facts',
    null,
    rows.map(([k, v, testid]) => h('div', null, h('dt', null, k), h('dd', { testid }, v))),
  );
}

/**
 * Every engine the report names: the scoring engines, plus the transcriber where the server
 * says which one it used (the field has gone by a few names, so look for each).
 * @param {any} report
 * @returns {string[]}
 */
export function engineNames(report) {
  const names = new Set(Array.isArray(report.engines) ? report.engines : []);
  const asr =
    report.transcription?.engine?.name ??
    report.transcription?.engine ??
    report.transcription_engine ??
    report.engine?.name ??
    report.engine;
  if (typeof asr === 'string' && asr && asr !== 'none') names.add(asr);
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

const FEATURE_UNITS = {
  duration_ms: (v) => `${(v / 1000).toFixed(1)} s`,
  trimmed_duration_ms: (v) => `${(v / 1000).toFixed(1)} s`,
  speech_ratio: (v) => `${Math.round(v * 100)} %`,
  clipping_ratio: (v) => `${(v * 100).toFixed(2)} %`,
  dtmf: (v) => (v.length ? v.map((d) => d.digit ?? '?').join(' ') : 'none'),
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
      const format = FEATURE_UNITS[key];
      let shown;
      if (format) shown = format(value);
      else if (typeof value === 'number')
        shown = key.endsWith('_dbfs') ? `${value.toFixed(1)} dBFS` : String(value);
      else shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
      return h('div', null, h('dt', null, humanize(key)), h('dd', null, shown));
    }),
  );
}
