/**
 * The Record tab's display: it turns stream messages into the gauge, verdict, chart, signals,
 * transcript, chunk log and final summary. It holds no socket and no audio.
 */
import type {
  AlertMessage,
  ConnectedMessage,
  FinalResult,
  PartialResult,
} from '#core/schemas/stream-protocol';
import { createScoreChart } from './chart';
import type { ChunkInfo } from './chunker';
import { append, byId, fmtScore, h, humanize } from './dom';
import { exportButton, exportName } from './export-json';
import { createGauge } from './gauge';
import { engineNames, transcriptBlock } from './render-report';
import { renderEvidence, signalKey, strongestSignal } from './signals';
import type { StreamProblem } from './stream-client';
import { readThresholds, setVerdict, verdictBadge } from './verdict';

/** How each alert level reads on the banner. */
const ALERT_TITLES: Record<AlertMessage['level'], string> = {
  review: 'Review: this call shows warning signs',
  alert: 'Alert: this is likely a scam',
  hard_alert: 'Hard alert: this is a scam',
};

const CHUNK_STATUS: Record<PartialResult['transcription'], string> = {
  ok: 'transcribed',
  silent: 'silent',
  unavailable: 'transcription unavailable',
};

/** The live view's update functions, one per thing the stream tells the page. */
export interface LiveView {
  reset(): void;
  status(text: string): void;
  /** The socket dropped; trying again. */
  reconnecting(info: { attempt: number; of: number }): void;
  /** The stream resumed; `resent` chunks went again. */
  reconnected(info: { resent: number }): void;
  connected(msg: ConnectedMessage): void;
  /** A chunk just sent. */
  chunkSent(info: ChunkInfo): void;
  partial(msg: PartialResult): void;
  /** The call reached a level; levels only ever rise. */
  alert(msg: AlertMessage): void;
  error(problem: StreamProblem): void;
  final(msg: FinalResult): void;
}

/** Builds the live view on the Record tab's elements. */
export function createLiveView(): LiveView {
  const gauge = createGauge(byId('gauge'));
  const chart = createScoreChart(byId('chart'));
  const verdict = byId('live-verdict');
  const recommendation = byId('live-recommendation');
  const partialCount = byId('partial-count');
  const peak = byId('peak-score');
  const audioSent = byId('audio-sent');
  const signals = byId('live-signals');
  const transcript = byId('live-transcript');
  const chunkLog = byId('chunk-log');
  const errors = byId('stream-errors');
  const summary = byId('final-summary');
  const status = byId('stream-status');
  const banner = byId('alert-banner');

  let partials = 0;
  let seconds = 0;
  /** Chunk indices already drawn: a resumed stream answers resent chunks a second time. */
  const drawn = new Set<number>();
  /** Said after every later status once the stream has come back from a drop. */
  let note = '';
  const errorLines = new Map<string, { el: HTMLElement; chunks: number[] }>();

  function chunkRow(index: number): HTMLElement {
    const found = chunkLog.querySelector(`[data-chunk="${index}"]`);
    if (found instanceof HTMLElement) return found;
    const row = h('li', { 'data-chunk': index, testid: 'chunk' });
    chunkLog.append(row);
    return row;
  }

  return {
    reset() {
      partials = 0;
      seconds = 0;
      drawn.clear();
      note = '';
      gauge.reset();
      chart.reset();
      verdict.className = 'badge verdict-none';
      verdict.textContent = 'No verdict yet';
      delete verdict.dataset.verdict;
      recommendation.textContent = '';
      partialCount.textContent = '0';
      peak.textContent = '—';
      audioSent.textContent = '0.0 s';
      signals.replaceChildren(h('p.muted', null, 'Signals appear here as the call goes on.'));
      transcript.textContent = '';
      chunkLog.replaceChildren();
      errors.replaceChildren();
      errorLines.clear();
      summary.hidden = true;
      summary.replaceChildren();
      banner.hidden = true;
      banner.replaceChildren();
      delete banner.dataset.level;
    },

    status(text) {
      status.textContent = note ? `${text} (${note})` : text;
    },

    reconnecting(info) {
      // A later drop may not come back: don't keep claiming the stream recovered.
      note = '';
      status.textContent = `Connection lost — reconnecting (${info.attempt}/${info.of})…`;
    },

    reconnected(info) {
      note = 'reconnected after a dropped connection';
      const resent = info.resent ? `, resending ${info.resent} chunk(s)` : '';
      status.textContent = `Reconnected${resent}.`;
    },

    connected(msg) {
      chart.setThresholds(readThresholds(msg.thresholds));
    },

    chunkSent(info) {
      seconds += info.seconds;
      audioSent.textContent = `${seconds.toFixed(1)} s`;
      const row = chunkRow(info.index);
      row.className = 'pending';
      row.replaceChildren(`#${info.index} · ${info.seconds.toFixed(1)} s · scoring…`);
    },

    partial(msg) {
      // Not `msg.duplicate` alone: a chunk whose first answer was lost with the old socket is
      // answered as a duplicate after the resend, and that answer is the only one the page gets.
      if (drawn.has(msg.chunk_index)) return;
      drawn.add(msg.chunk_index);
      partials += 1;
      partialCount.textContent = String(partials);
      gauge.set(msg.cumulative_score, msg.verdict);
      setVerdict(verdict, msg.verdict);
      recommendation.textContent = msg.recommendation;
      peak.textContent = fmtScore(msg.max_score);
      chart.add({
        t: msg.timestamp_ms / 1000,
        score: msg.cumulative_score,
        // The whole call so far (`scam_score` is the chunk's own, shown in its row).
        callScore: msg.call_score,
      });
      const fresh = new Set(msg.new_signals.map(signalKey));
      signals.replaceChildren(renderEvidence(msg, { fresh }));
      if (msg.chunk_transcript.trim()) {
        transcript.append(
          h(
            'span.chunk-text',
            { 'data-chunk': msg.chunk_index },
            `${msg.chunk_transcript.trim()} `,
          ),
        );
      }
      const row = chunkRow(msg.chunk_index);
      row.className = `done transcription-${msg.transcription}`;
      row.replaceChildren();
      append(row, [
        h('span', null, `#${msg.chunk_index}`),
        h('span', null, ` · ${CHUNK_STATUS[msg.transcription]}`),
        h(
          'span.muted',
          null,
          ` · chunk ${fmtScore(msg.scam_score)} · ${Math.round(msg.chunk_processing_ms)} ms`,
        ),
        msg.engine ? h('span.muted', null, ` · ${msg.engine}`) : null,
        acoustics(msg),
      ]);
    },

    alert(msg) {
      banner.dataset.level = msg.level;
      banner.className = `alert-banner alert-${msg.level}`;
      const strongest = strongestSignal(msg.signals);
      // append(), not replaceChildren(): the DOM would print a missing part as "null".
      banner.replaceChildren();
      append(banner, [
        h('strong', { testid: 'alert-title' }, ALERT_TITLES[msg.level]),
        h(
          'span.muted',
          null,
          ` · score ${fmtScore(msg.score)}${msg.chunk_index ? ` at chunk ${msg.chunk_index}` : ' (final result)'}`,
        ),
        strongest
          ? h(
              'p',
              null,
              `${humanize(strongest.category)}: `,
              strongest.evidence ? h('q', null, strongest.evidence.text) : strongest.detail,
            )
          : null,
        h('p', null, msg.recommendation),
      ]);
      banner.hidden = false;
    },

    error(problem) {
      // The same failure on every chunk (e.g. no recogniser) is one line with a count, not many.
      const key = `${problem.code}|${problem.detail}`;
      let entry = errorLines.get(key);
      if (!entry) {
        entry = { el: h('p.error', { testid: 'stream-error' }), chunks: [] };
        errorLines.set(key, entry);
        errors.append(entry.el);
      }
      if (problem.chunk_index) entry.chunks.push(problem.chunk_index);
      const where = entry.chunks.length
        ? ` (chunk${entry.chunks.length > 1 ? 's' : ''} ${entry.chunks.join(', ')})`
        : '';
      entry.el.replaceChildren(h('strong', null, problem.code), `${where}: ${problem.detail}`);
      if (problem.chunk_index) {
        const row = chunkRow(problem.chunk_index);
        row.className = 'failed';
        row.replaceChildren(`#${problem.chunk_index} · ${humanize(problem.code)}`);
      }
    },

    final(msg) {
      gauge.set(msg.combined_score, msg.verdict);
      setVerdict(verdict, msg.verdict);
      recommendation.textContent = msg.recommendation;
      summary.replaceChildren(renderFinal(msg));
      summary.hidden = false;
    },
  };
}

/**
 * A chunk's measured acoustic context (null fields were not measured: silence, or no answer
 * from the media service).
 */
function acoustics(msg: PartialResult): HTMLElement | null {
  const parts = (
    [
      ['pitch movement', msg.vocal_stress],
      ['background noise', msg.background_noise],
    ] as const
  ).flatMap(([name, value]) => (value === null ? [] : [`${name} ${Math.round(value * 100)} %`]));
  return parts.length
    ? h('span.muted', { testid: 'chunk-acoustics' }, ` · ${parts.join(' · ')}`)
    : null;
}

/** The summary card for a `final_result`. */
function renderFinal(msg: FinalResult): HTMLElement {
  const facts: [string, string | number][] = [
    ['Chunks', msg.total_chunks],
    ['Audio', `${(msg.duration_ms / 1000).toFixed(1)} s`],
    ['Ended by', humanize(msg.reason)],
    ['Engines', engineNames(msg).join(', ') || '—'],
  ];
  return h(
    'div',
    null,
    h(
      'header.report-head',
      null,
      h(
        'div',
        null,
        h('h2.card-title', null, 'Call summary'),
        verdictBadge(msg.verdict, 'final-verdict'),
        h('span.big-score', { testid: 'final-score' }, fmtScore(msg.combined_score)),
        h('span.muted', null, ` combined · peak ${fmtScore(msg.max_score)}`),
      ),
      exportButton(() => msg, exportName('stream', msg.stream_id)),
    ),
    h('p.recommendation', null, msg.recommendation),
    msg.review_required
      ? h('p.review', null, `Flagged for review: ${msg.review_reason ?? ''}`)
      : null,
    h(
      'dl.facts',
      null,
      facts.map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))),
    ),
    h('h3', null, 'Signals'),
    renderEvidence(msg),
    h('h3', null, 'Full transcript'),
    transcriptBlock(msg.transcript, 'final-transcript'),
  );
}
