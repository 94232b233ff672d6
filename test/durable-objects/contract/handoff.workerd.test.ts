import { describe, expect, it } from 'vitest';
import {
  callSessionName,
  handoffHeaders,
  readHandoff,
  type SessionHandoff,
  sessionName,
} from '../../../durable-objects/call-session/contract';

/**
 * The handoff as both sides of it read it: what the Worker writes is what the CallSession reads,
 * and what a client sent under the same names never gets through.
 */

const handoff: SessionHandoff = {
  requestId: 'req-1',
  transport: 'callshield',
  streamId: '5f0c6f8e-2c1b-4f7e-9a51-0d7f3f7f9a10',
  org: '0de0de00-0000-4000-8000-000000000002',
  userId: 'user-1',
  apiKeyId: null,
  ticketId: 'ticket-1',
};

describe('the handoff', () => {
  it('reads back as the Worker wrote it, the client’s own headers kept', () => {
    const client = new Headers({ Upgrade: 'websocket', 'X-API-Key': 'csk_x' });
    const headers = handoffHeaders(client, handoff);
    expect(readHandoff(headers)).toEqual(handoff);
    expect(headers.get('Upgrade')).toBe('websocket');
  });

  it('drops what a client sent under its headers, even those the Worker leaves unset', () => {
    const forged = new Headers({
      'X-Org-Id': 'someone-else',
      'X-User-Id': 'their-owner',
      'X-Api-Key-Id': 'their-key',
      'X-Transport': 'twilio',
    });
    const read = readHandoff(handoffHeaders(forged, { ...handoff, userId: null }));
    expect(read).toMatchObject({ org: handoff.org, userId: null, apiKeyId: null });
    expect(read.transport).toBe('callshield');
  });

  it('reads a request without a handoff as /ws/stream with no caller', () => {
    const read = readHandoff(new Headers());
    expect(read).toMatchObject({
      transport: 'callshield',
      streamId: '',
      org: '',
      userId: null,
      apiKeyId: null,
      ticketId: null,
    });
    expect(read.requestId).not.toBe('');
  });
});

describe('session names', () => {
  it('keep phone calls apart from every /ws/stream id', () => {
    expect(sessionName('callshield', 'abc-12345')).toBe('abc-12345');
    expect(callSessionName('CA0123')).toBe('twilio:CA0123');
    expect(sessionName('twilio', 'CA0123')).toBe(callSessionName('CA0123'));
  });
});
