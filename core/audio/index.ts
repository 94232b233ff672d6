/** Pure audio helpers shared by the Worker, the CallSession Durable Object and the sidecar. */
export * from './dtmf';
export * from './features';
export * from './g711';
export * from './goertzel';
export * from './pcm';
export * from './trim';
