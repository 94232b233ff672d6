import { describe, expect, it } from 'vitest';
import {
  analysisAudioKeys,
  keyInOrg,
  stagingKey,
  uploadKey,
} from '../../../worker/services/storage-keys';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const FILE = '33333333-3333-4333-8333-333333333333';

describe('keyInOrg', () => {
  it.each([
    `${A}/${FILE}/call.wav`,
    `${A}/uploads/${FILE}/call.wav`,
    `${A}/analysis_${FILE}/original.mp3`,
  ])('accepts %s for its organisation', (key) => {
    expect(keyInOrg(key, A)).toBe(true);
    expect(keyInOrg(key, B)).toBe(false);
  });

  it.each([
    [`${B}/${FILE}/call.wav`, 'another organisation'],
    [`${A}/../${B}/${FILE}/call.wav`, 'a dot-dot segment an S3 URL would resolve'],
    [`${A}/./${FILE}/call.wav`, 'a dot segment'],
    [`${A}//call.wav`, 'an empty segment'],
    [`${A}/call.wav`, 'too few segments'],
    [`${A}/${FILE}/.hidden`, 'a leading dot'],
    [`${A}/${FILE}/call wav`, 'a character outside the key alphabet'],
    [`${A}x/${FILE}/call.wav`, 'a longer organisation id'],
    [`/${A}/${FILE}/call.wav`, 'a leading slash'],
  ])('refuses %s (%s)', (key) => {
    expect(keyInOrg(key, A)).toBe(false);
  });
});

describe('analysisAudioKeys', () => {
  const row = { id: FILE, organization_id: A, file_id: FILE, file_name: 'call.wav' };

  it("derives an upload's keys from its organisation, file and id", () => {
    expect(analysisAudioKeys({ ...row, source: 'upload' })).toEqual({
      original: uploadKey(A, FILE, 'call.wav'),
      trimmed: `${A}/${FILE}/trimmed.wav`,
    });
    expect(stagingKey(A, FILE, 'call.wav')).toBe(`${A}/uploads/${FILE}/call.wav`);
  });

  it('names no original for a file id or name the server would not have written', () => {
    for (const odd of [
      { file_id: `../${B}` },
      { file_id: 'uploads' },
      { file_name: '../call.wav' },
      { file_name: null },
    ])
      expect(analysisAudioKeys({ ...row, source: 'upload', ...odd }).original).toBeNull();
  });

  it("derives an audio report's keys from its id, and none for text or streams", () => {
    expect(analysisAudioKeys({ ...row, source: 'audio', file_name: 'Call.MP3' })).toEqual({
      original: `${A}/analysis_${FILE}/original.mp3`,
      trimmed: `${A}/analysis_${FILE}/trimmed.wav`,
    });
    for (const source of ['text', 'stream', 'twilio'])
      expect(analysisAudioKeys({ ...row, source })).toEqual({ original: null, trimmed: null });
  });
});
