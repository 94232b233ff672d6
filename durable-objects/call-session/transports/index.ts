import type { CallSource } from '#core/schemas/call-alert';
import { callshieldTransport } from './callshield';
import type { StreamTransport, TransportName } from './transport';
import { twilioTransport } from './twilio/transport';

export type { SocketAttachment, StreamTransport, TransportName } from './transport';
export { CLOSE, finalCloseReason, TRANSPORT_NAMES } from './transport';

const TRANSPORTS: Record<TransportName, StreamTransport> = {
  callshield: callshieldTransport,
  twilio: twilioTransport,
};

/** The transport a socket was tagged with (or the one a Worker route asked for). */
export function transportNamed(name: TransportName): StreamTransport {
  return TRANSPORTS[name];
}

/** The transport whose calls are of `source` (what a call stored when its first socket came). */
export function transportOfSource(source: CallSource): StreamTransport {
  return Object.values(TRANSPORTS).find((t) => t.callSource === source) ?? callshieldTransport;
}
