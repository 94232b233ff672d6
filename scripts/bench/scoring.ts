import { scoreTranscript } from '#core/scoring/index';
import { ms, percentile, timeSync } from './stats';
import { benchTranscript } from './transcripts';

/** Local text scoring time for 1k- and 10k-character transcripts, in one process. */
export function benchScoring(): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const chars of [1_000, 10_000]) {
    const text = benchTranscript(chars);
    const samples = timeSync(() => scoreTranscript(text), chars >= 10_000 ? 2_000 : 5_000);
    rows.push({
      case: `local scoring, ${chars.toLocaleString('en')} chars`,
      runs: String(samples.length),
      p50: ms(percentile(samples, 50)),
      p95: ms(percentile(samples, 95)),
      p99: ms(percentile(samples, 99)),
    });
  }
  return rows;
}
