/**
 * Narrows the untyped output of transformers.js' ASR pipeline
 * (`{ text, chunks?: [{ timestamp: [start, end|null], text }] }`) into segments.
 */
import type { Segment } from '#core/schemas/sidecar-protocol';
import { joinSegments, type Transcript } from './transcriber';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

const seconds = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;

/** Converts pipeline output to a transcript; `durationMs` closes a chunk with no end time. */
export function parseWhisperOutput(output: unknown, durationMs: number): Transcript {
  const first = Array.isArray(output) ? output[0] : output;
  if (!isRecord(first)) throw new Error('whisper returned an unexpected result');
  const text = typeof first.text === 'string' ? first.text.trim() : '';
  const chunks = Array.isArray(first.chunks) ? first.chunks : [];
  const segments: Segment[] = [];
  for (const chunk of chunks) {
    if (!isRecord(chunk) || typeof chunk.text !== 'string' || !chunk.text.trim()) continue;
    const ts = Array.isArray(chunk.timestamp) ? chunk.timestamp : [];
    const start = seconds(ts[0]) ?? 0;
    const end = seconds(ts[1]);
    segments.push({
      start_ms: Math.round(start * 1000),
      end_ms:
        end === null ? durationMs : Math.max(Math.round(start * 1000), Math.round(end * 1000)),
      text: chunk.text.trim(),
    });
  }
  if (segments.length === 0 && text) segments.push({ start_ms: 0, end_ms: durationMs, text });
  return { segments, text: segments.length ? joinSegments(segments) : text };
}
