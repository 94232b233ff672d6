import { describe, expect, it } from 'vitest';
import type { CallAlert } from '#core/schemas/call-alert';
import type { TwilioAttachment } from '../../../../durable-objects/call-session/transports/twilio/transport';
import {
  type Pacer,
  TwilioWarning,
  WARNING_MARK,
} from '../../../../durable-objects/call-session/transports/twilio/warning';

/** A clock the test moves by hand: timers fire only when it is advanced. */
function fakePacer() {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let ids = 0;
  const pacer: Pacer = {
    now: () => now,
    after: (ms, run) => {
      const id = ++ids;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    cancel: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (let guard = 0; guard < 100_000; guard++) {
      const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers = timers.filter((t) => t !== next);
      now = next.at;
      next.run();
    }
    now = until;
  };
  return { pacer, advance };
}

function socket() {
  const sent: {
    event: string;
    streamSid: string;
    media?: { payload: string };
    mark?: { name: string };
  }[] = [];
  return { sent, ws: { send: (d: string) => sent.push(JSON.parse(d)), close: () => {} } };
}

const attachment: TwilioAttachment = {
  transport: 'twilio',
  nextIndex: 3,
  streamId: 'CA1',
  streamSid: 'MZ1',
  dropped: 0,
};
const alert = (level: CallAlert['level']) => ({ level }) as CallAlert;
/** A second of µ-law and a bit: 51 frames, the last padded. */
const speech = new Uint8Array(8_100).fill(0x2a);

describe('the spoken warning', () => {
  it('plays 20 ms media frames paced in real time, then the mark', async () => {
    const { pacer, advance } = fakePacer();
    const { ws, sent } = socket();
    const warning = new TwilioWarning({ speak: async () => speech }, pacer);
    expect(await warning.onAlerts(ws, attachment, [alert('hard_alert')], 'hard_alert')).toBe(true);
    // The first frame goes at once; the rest only as time passes.
    expect(sent).toHaveLength(1);
    advance(500);
    expect(sent.filter((m) => m.event === 'media')).toHaveLength(26);
    advance(700);
    const media = sent.filter((m) => m.event === 'media');
    expect(media).toHaveLength(51);
    expect(media.every((m) => m.streamSid === 'MZ1' && atob(m.media!.payload).length === 160)).toBe(
      true,
    );
    expect(sent.at(-1)).toEqual({ event: 'mark', streamSid: 'MZ1', mark: { name: WARNING_MARK } });
    expect(warning.active).toBe(false);
  });

  it('stops with a clear when the call ends mid-warning', async () => {
    const { pacer, advance } = fakePacer();
    const { ws, sent } = socket();
    const warning = new TwilioWarning({ speak: async () => speech }, pacer);
    await warning.onAlerts(ws, attachment, [alert('hard_alert')], 'alert');
    advance(200);
    warning.stop();
    advance(5_000);
    expect(sent.filter((m) => m.event === 'media')).toHaveLength(11);
    expect(sent.at(-1)).toEqual({ event: 'clear', streamSid: 'MZ1' });
    expect(sent.some((m) => m.event === 'mark')).toBe(false);
  });

  it('waits for its level, plays once per call, and never without a stream or a level', async () => {
    const { pacer, advance } = fakePacer();
    const { ws, sent } = socket();
    let rendered = 0;
    const warning = new TwilioWarning(
      {
        speak: async () => {
          rendered++;
          return speech;
        },
      },
      pacer,
    );
    expect(
      await warning.onAlerts(ws, attachment, [alert('review'), alert('alert')], 'hard_alert'),
    ).toBe(false);
    expect(await warning.onAlerts(ws, attachment, [alert('hard_alert')], null)).toBe(false);
    expect(
      await warning.onAlerts(
        ws,
        { ...attachment, streamSid: null },
        [alert('hard_alert')],
        'review',
      ),
    ).toBe(false);
    expect(sent).toEqual([]);
    const both = await Promise.all([
      warning.onAlerts(ws, attachment, [alert('alert')], 'review'),
      warning.onAlerts(ws, attachment, [alert('hard_alert')], 'review'),
    ]);
    expect(both).toEqual([true, false]);
    advance(2_000);
    expect(sent.filter((m) => m.event === 'mark')).toHaveLength(1);
    expect(rendered).toBe(1);
  });

  it('tries again on the next alert when the sidecar could not render it', async () => {
    const { pacer } = fakePacer();
    const { ws, sent } = socket();
    let fail = true;
    const warning = new TwilioWarning(
      {
        speak: async () => {
          if (fail) throw new Error('sidecar down');
          return speech;
        },
      },
      pacer,
    );
    expect(await warning.onAlerts(ws, attachment, [alert('hard_alert')], 'hard_alert')).toBe(false);
    fail = false;
    expect(await warning.onAlerts(ws, attachment, [alert('hard_alert')], 'hard_alert')).toBe(true);
    expect(sent[0]?.event).toBe('media');
  });
});
