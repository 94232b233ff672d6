/**
 * The contract between the Worker and a CallSession: everything either side may know of the
 * other.
 *
 * - handoff.ts: the session's name, the headers the Worker sets when it hands over a socket,
 *   and the token a phone call's `start` carries.
 * - rpc.ts: the RPC methods the Worker calls on a session, and the shapes they answer with.
 * - deps.ts: the one object a session gets from the Worker (settings, speech, scoring, alert
 *   levels, campaign lookup, caller history, webhooks, storage of finished calls, Twilio),
 *   built by worker/services/call-session-deps.ts.
 *
 * Nothing under durable-objects/ imports from worker/ but that builder (biome.json enforces it),
 * and nothing in worker/ reaches into durable-objects/call-session/ past this folder.
 */
export * from './deps';
export * from './handoff';
export * from './rpc';
