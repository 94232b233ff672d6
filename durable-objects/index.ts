export { CallSession } from './call-session/call-session';
export { MediaSidecar } from './media-sidecar';
export { RateLimiter } from './rate-limiter/rate-limiter';
