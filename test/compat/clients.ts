/**
 * What CallShield's own clients read, re-implemented from their behaviour
 * (docs/callshield-compatibility.md), so the tests can replay them against this server: the React
 * frontend's report panel and stream hook, and `scripts/run_evaluation.py`. Each function
 * reads the same fields the same way and fails the way the client would (a missing field is
 * `undefined`, a wrong type throws where the client would call a method on it). No CallShield
 * code is copied.
 */

// biome-ignore lint/suspicious/noExplicitAny: replaying untyped client code on purpose
type Json = any;

const VERDICT_CUTS = [
  [0.85, 'SCAM'],
  [0.6, 'LIKELY_SCAM'],
  [0.3, 'SUSPICIOUS'],
] as const;

/** The frontend computes the live verdict itself from the score (0.3 / 0.6 / 0.85). */
export function clientVerdict(score: number): string {
  return VERDICT_CUTS.find(([cut]) => score >= cut)?.[1] ?? 'SAFE';
}

/** What the report panel shows for a REST report (AnalysisPanel and SignalList). */
export function reportPanel(report: Json) {
  const analysis = report.audio_analysis || report.text_analysis;
  const both = report.audio_analysis && report.text_analysis;
  return {
    verdict: String(analysis.verdict).replace('_', ' '),
    confidencePct: Math.round(analysis.confidence * 100),
    summary: analysis.transcript_summary,
    recommendation: analysis.recommendation,
    gauge: report.combined_score,
    review: report.review_required ? `Needs Human Review — ${report.review_reason}` : null,
    processing: `${Math.round(report.processing_time_ms)} ms`,
    mode: report.mode,
    id: report.id.slice(0, 20),
    analyzedAt: report.analyzed_at
      ? report.analyzed_at.replace('T', ' ').replace('Z', ' UTC')
      : null,
    // Every entry of `signals` is drawn as a detected threat, coloured by severity.
    threats: (analysis.signals as Json[]).map(
      (s) => `${s.severity.toUpperCase()} ${s.category}: ${s.detail}`,
    ),
    sideBySide: both
      ? [
          `${report.audio_analysis.scam_score} ${report.audio_analysis.verdict.replace('_', ' ')}`,
          `${report.text_analysis.scam_score} ${report.text_analysis.verdict.replace('_', ' ')}`,
        ]
      : null,
  };
}

/** One row of `run_evaluation.py`: `(text_analysis or audio_analysis).verdict`, score to 2 dp. */
export function evaluationRow(report: Json, expectScam: boolean) {
  const analysis = report.text_analysis || report.audio_analysis;
  const verdict: string = analysis.verdict;
  const predictedScam = verdict !== 'SAFE';
  return {
    score: Math.round(report.combined_score * 100) / 100,
    verdict,
    binaryMatch: predictedScam === expectScam,
  };
}

/**
 * The stream hook and the pieces of the page that read its state: messages without `type`
 * and of unknown types are ignored, `partial_result` appended, `final_result` kept, `error`
 * shown; non-JSON is "Invalid message from server".
 */
export class StreamHook {
  partials: Json[] = [];
  final: Json = null;
  error: string | null = null;

  receive(data: string): void {
    let message: Json;
    try {
      message = JSON.parse(data);
    } catch {
      this.error = 'Invalid message from server';
      return;
    }
    if (!message.type) return;
    if (message.type === 'partial_result') this.partials.push(message);
    else if (message.type === 'final_result') this.final = message;
    else if (message.type === 'error') this.error = message.detail;
  }

  /** The live gauge: 0.6 × the highest chunk score + 0.4 × the last cumulative score. */
  liveScore(): number {
    const max = Math.max(0, ...this.partials.map((p) => p.scam_score));
    const last = this.partials.at(-1)?.cumulative_score ?? 0;
    return 0.6 * max + 0.4 * last;
  }

  /** The trend bars (ScoreTrendChart): one bar per chunk, its height the chunk's `scam_score`. */
  trendBars(): number[] {
    return this.partials.map((p) => p.scam_score ?? 0);
  }

  /** The recorder's trend label: the last two chunks' `scam_score`, ±0.05 counts as stable. */
  trend(): string | null {
    if (this.partials.length < 2) return null;
    const delta = (this.partials.at(-1).scam_score ?? 0) - (this.partials.at(-2).scam_score ?? 0);
    return delta > 0.05 ? 'Rising' : delta < -0.05 ? 'Falling' : 'Stable';
  }

  /** The Acoustic Context panel: the latest partial's three values as bar widths (null → 0 %). */
  acousticBars(): Record<string, string> | null {
    const last = this.partials.at(-1);
    const fields = ['vocal_stress', 'background_noise', 'synthetic_voice_probability'];
    if (!last || fields.every((f) => last[f] === undefined)) return null;
    return Object.fromEntries(fields.map((f) => [f, `${(last[f] as number) * 100}%`]));
  }

  /** The stream log: one line per chunk, NEW on categories listed in `new_signals`. */
  logLines(): string[] {
    return this.partials.map((p) => {
      const fresh = new Set((p.new_signals as Json[]).map((s) => s.category));
      const signals = (p.signals as Json[]).map(
        (s) => `${s.severity.toUpperCase()} ${s.category}${fresh.has(s.category) ? ' NEW' : ''}`,
      );
      const delta = Math.abs(p.score_delta) > 0.05 ? ` Δ${p.score_delta.toFixed(2)}` : '';
      return `#${p.chunk_index} ${(p.timestamp_ms / 1000).toFixed(1)}s ${p.verdict} ${p.scam_score.toFixed(2)}/${p.cumulative_score.toFixed(2)}${delta} [${signals.join(', ')}]`;
    });
  }

  /** The final card. */
  finalCard() {
    const f = this.final;
    if (f.total_chunks === 0) return { empty: 'No audio captured…' };
    return {
      score: f.combined_score.toFixed(2),
      verdict: f.verdict.replace('_', ' '),
      review: f.review_required ? `Needs Human Review — ${f.review_reason}` : null,
      peak: f.max_score.toFixed(2),
      summary: f.transcript_summary,
      threats: (f.signals as Json[]).map((s) => `${s.severity.toUpperCase()} ${s.category}`),
      recommendation: f.recommendation,
    };
  }
}
