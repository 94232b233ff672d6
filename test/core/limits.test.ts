import { describe, expect, it } from 'vitest';
import {
  DOWNLOAD_URL_TTL_S,
  MAX_MULTIPART_BYTES,
  MAX_UPLOAD_BYTES,
  STREAM_TICKET_TTL_S,
  TRIMMED_UPLOAD_URL_TTL_S,
  TWILIO_STREAM_TOKEN_TTL_S,
  UPLOAD_URL_TTL_S,
} from '#core/limits';
import { SIDECAR_SETTINGS } from '#core/schemas/sidecar-settings';

describe('limits', () => {
  it('keep the values clients were told', () => {
    // CallShield's 25 MB multipart limit, 500 MB presigned uploads.
    expect(MAX_MULTIPART_BYTES).toBe(26_214_400);
    expect(MAX_UPLOAD_BYTES).toBe(524_288_000);
    expect([UPLOAD_URL_TTL_S, DOWNLOAD_URL_TTL_S, TRIMMED_UPLOAD_URL_TTL_S]).toEqual([
      3600, 300, 900,
    ]);
    expect([STREAM_TICKET_TTL_S, TWILIO_STREAM_TOKEN_TTL_S]).toEqual([60, 120]);
  });

  it("make the sidecar's default body limit the Worker's multipart limit", () => {
    expect(SIDECAR_SETTINGS.MAX_BODY_BYTES.spec.default).toBe(String(MAX_MULTIPART_BYTES));
  });
});
