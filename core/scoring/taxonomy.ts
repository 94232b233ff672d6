/**
 * The fixed signal taxonomy. Pure: no runtime-specific imports.
 *
 * Scam signals raise the score; counter-signals (things legitimate callers say) lower it;
 * acoustic signals come from measured audio features in the sidecar.
 */

export const SCAM_CATEGORIES = [
  'AUTHORITY_IMPERSONATION',
  'URGENCY',
  'THREAT',
  'PAYMENT_DEMAND',
  'SENSITIVE_INFO_REQUEST',
  'REMOTE_ACCESS',
  'SECRECY',
  'TOO_GOOD_TO_BE_TRUE',
  'ROBOCALL_IVR',
  'UNSOLICITED_PITCH',
  'CALLBACK_PRESSURE',
  'EMOTIONAL_MANIPULATION',
  'LANGUAGE_MODEL',
  'KNOWN_SCAM_CAMPAIGN',
  'CALLER_ID_UNVERIFIED',
  'NUMBER_REPORTED',
] as const;

export const COUNTER_CATEGORIES = [
  'INDEPENDENT_VERIFICATION',
  'NO_SENSITIVE_REQUEST',
  'ESTABLISHED_RELATIONSHIP',
  'KNOWN_LEGITIMATE_CAMPAIGN',
] as const;

/**
 * Categories no engine finds in a transcript: the organisation's campaigns add them after
 * scoring (core/campaigns/adjust.ts), from what its reviewers confirmed, and so does what is
 * known of a phone call's caller (core/trust/caller-trust.ts).
 */
export const CAMPAIGN_CATEGORIES = [
  'KNOWN_SCAM_CAMPAIGN',
  'KNOWN_LEGITIMATE_CAMPAIGN',
  'CALLER_ID_UNVERIFIED',
  'NUMBER_REPORTED',
] as const;

export const ACOUSTIC_CATEGORIES = ['DTMF_TONES', 'PRERECORDED_AUDIO', 'SILENCE'] as const;

export const SIGNAL_CATEGORIES = [
  ...SCAM_CATEGORIES,
  ...COUNTER_CATEGORIES,
  ...ACOUSTIC_CATEGORIES,
] as const;
export type SignalCategoryName = (typeof SIGNAL_CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type SeverityName = (typeof SEVERITIES)[number];

/** One line per category, used in the docs page and the OpenAPI description. */
export const CATEGORY_DESCRIPTIONS: Record<SignalCategoryName, string> = {
  AUTHORITY_IMPERSONATION: 'Caller claims to be a government agency, bank, big company or police.',
  URGENCY: 'Pressure to act now: deadlines, "immediately", "final notice".',
  THREAT: 'Arrest, lawsuit, suspension, deportation, account closure.',
  PAYMENT_DEMAND: 'Gift cards, wire transfers, crypto, payment apps, unusual payment methods.',
  SENSITIVE_INFO_REQUEST: 'Asks for SSN, one-time codes, PINs, passwords, card or account numbers.',
  REMOTE_ACCESS: 'Asks to install software or give control of a computer or phone.',
  SECRECY: 'Tells the callee not to tell anyone or not to hang up.',
  TOO_GOOD_TO_BE_TRUE: 'Prizes, refunds, grants, guaranteed returns, free offers.',
  ROBOCALL_IVR:
    'Pre-recorded or scripted call: "press 1", "final courtesy call", "can you hear me?", "on a recorded line".',
  UNSOLICITED_PITCH:
    'Cold pitch for a regulated product the callee did not ask about (Medicare or health plans, car warranties, solar, debt relief, student-loan forgiveness, discounts), sold on eligibility.',
  CALLBACK_PRESSURE: 'Demands a call back to a number the caller provides.',
  EMOTIONAL_MANIPULATION: 'A loved one in trouble, romance, sympathy used to extract money.',
  LANGUAGE_MODEL: 'The statistical model finds the wording typical of scam calls.',
  KNOWN_SCAM_CAMPAIGN:
    "The call's script matches a campaign the organisation's reviewers confirmed as a scam.",
  CALLER_ID_UNVERIFIED:
    "The carrier's STIR/SHAKEN check could not vouch for the caller's number (failed, unverifiable, or C attestation).",
  NUMBER_REPORTED:
    'Earlier calls from this number to the organisation were confirmed scams by its reviewers or scored as scams.',
  INDEPENDENT_VERIFICATION:
    'Counter-signal: the callee is invited to verify through an official channel.',
  NO_SENSITIVE_REQUEST:
    'Counter-signal: the caller says they will never ask for codes or passwords.',
  ESTABLISHED_RELATIONSHIP:
    'Counter-signal: routine business with an existing appointment or order.',
  KNOWN_LEGITIMATE_CAMPAIGN:
    "Counter-signal: the call's script matches a campaign the organisation's reviewers confirmed as legitimate.",
  DTMF_TONES: 'Keypad tones in the audio, typical of IVR robocalls.',
  PRERECORDED_AUDIO: 'Acoustic features typical of pre-recorded or synthetic audio.',
  SILENCE: 'No speech detected.',
};

const COUNTER_SET: ReadonlySet<string> = new Set(COUNTER_CATEGORIES);

/** True for categories that lower the score. */
export function isCounterSignal(category: SignalCategoryName): boolean {
  return COUNTER_SET.has(category);
}
