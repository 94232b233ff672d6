import { createRouter } from '../openapi';
import { twilioMedia } from './media-route';
import { twilioVoice } from './voice-route';

/**
 * `/twilio/*`: what Twilio calls. No API key or user token here: every request must carry
 * the signature of the organisation's Twilio account (worker/twilio/signature.ts).
 */
export const twilio = createRouter().route('/', twilioVoice).route('/', twilioMedia);
