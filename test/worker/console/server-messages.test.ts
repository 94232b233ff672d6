import { describe, expect, it } from 'vitest';
import { readFrame } from '../../../worker/console/server-messages';
import { partialResult } from './fixtures';

describe("the console's reading of stream frames", () => {
  it('hands on a message of the protocol as the server sends it', () => {
    const frame = readFrame(JSON.stringify(partialResult));
    expect(frame).toEqual({ kind: 'message', message: partialResult });
    expect(readFrame('{"type":"pong"}')).toEqual({ kind: 'message', message: { type: 'pong' } });
  });

  it('refuses a known message whose fields break the schema, naming the field', () => {
    const frame = readFrame(JSON.stringify({ ...partialResult, cumulative_score: 1.5 }));
    expect(frame).toMatchObject({ kind: 'invalid', type: 'partial_result' });
    expect(frame.kind === 'invalid' && frame.problem).toMatch(/^cumulative_score: /);
    const missing = readFrame(JSON.stringify({ type: 'final_result', stream_id: 's' }));
    expect(missing.kind).toBe('invalid');
  });

  it('ignores what is not a message it knows, as CallShield clients do', () => {
    expect(readFrame('{"type":"progress","pct":3}')).toEqual({ kind: 'ignored' });
    expect(readFrame('not json')).toEqual({ kind: 'ignored' });
    expect(readFrame('[1,2]')).toEqual({ kind: 'ignored' });
    expect(readFrame(new ArrayBuffer(4))).toEqual({ kind: 'ignored' });
  });
});
