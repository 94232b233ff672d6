/**
 * The TwiML the voice webhook answers with: fork the caller's audio to our media socket while
 * the call goes on (`<Start><Stream>`), or hand the call to the socket alone
 * (`<Connect><Stream>`), which lets us speak into it.
 */

/** What one call's TwiML says. */
export interface StreamTwiml {
  mode: 'start' | 'connect';
  /** The media socket's URL: wss, no query string (Twilio refuses one). */
  streamUrl: string;
  /** Sent back to us in the stream's `start` event. */
  parameters: Record<string, string>;
  /** `start` calls: where the call goes on to; null plays `message` instead. */
  forwardTo: string | null;
  message: string;
}

/** What a `start` call with nowhere to go hears while we listen. */
export const DEFAULT_CALL_MESSAGE =
  'This call is protected by CallShield. Please go ahead, we are listening.';
/** How long (s) such a call stays open for the caller to speak: the longest call we score. */
const LISTEN_SECONDS = 3_600;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for an XML attribute or element. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** The TwiML document for one call. */
export function streamTwiml(twiml: StreamTwiml): string {
  const parameters = Object.entries(twiml.parameters)
    .map(([name, value]) => `<Parameter name="${xmlEscape(name)}" value="${xmlEscape(value)}"/>`)
    .join('');
  const url = xmlEscape(twiml.streamUrl);
  const body =
    twiml.mode === 'connect'
      ? `<Connect><Stream url="${url}">${parameters}</Stream></Connect>`
      : `<Start><Stream url="${url}" track="inbound_track">${parameters}</Stream></Start>${
          twiml.forwardTo
            ? `<Dial>${xmlEscape(twiml.forwardTo)}</Dial>`
            : `<Say>${xmlEscape(twiml.message)}</Say><Pause length="${LISTEN_SECONDS}"/>`
        }`;
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
}

/** The `<Say>` TwiML a call is redirected to when it must hear a warning. */
export function sayTwiml(message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Say>${xmlEscape(message)}</Say></Response>`;
}

/** The WebSocket origin of the Worker's public base URL (https → wss, http → ws). */
export function socketOrigin(publicBaseUrl: string): string {
  const { protocol, host } = new URL(publicBaseUrl);
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}`;
}
