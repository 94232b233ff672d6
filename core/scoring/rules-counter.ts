/**
 * Counter-signal rules: things legitimate callers say and scammers avoid, because they
 * would send the callee to an official channel or rule out the scam's own request.
 * Pure: no runtime-specific imports.
 */
import { anyOf, type Rule, rule } from './rule-types';

/** Counter rules, compiled once at module load. */
export const COUNTER_RULES: readonly Rule[] = [
  rule(
    'counter.official-channel',
    'INDEPENDENT_VERIFICATION',
    'high',
    'Caller points to an official channel to verify independently.',
    /\b(?:(?:call|contact|dial) (?:us at |the )?(?:number|phone number) (?:on|printed on|listed on|found on) (?:the back of )?(?:your|the) (?:card|debit card|credit card|statement|official website)|(?:visit|go to|stop by) (?:your |the )?(?:nearest|local) (?:branch|office|store)|log (?:in|into)(?: to)? (?:your account )?(?:directly|through (?:our|the) official|on (?:our|the) official)|hang up and call (?:us|the number)|verify (?:this|it) (?:independently|yourself))\b/,
  ),
  rule(
    'counter.never-ask',
    'NO_SENSITIVE_REQUEST',
    'high',
    'Caller says they will never ask for codes, PINs or passwords.',
    /\b(?:(?:we|i|the bank|they) (?:will )?(?:never|not|won['’]?t|do not|don['’]?t) (?:ask|request|need)(?: you)?(?: for| to (?:share|give|provide|tell|confirm))? (?:your )?(?:pin|password|full|card|account|social|one[- ]time|security|verification|personal|code)|(?:do not|don['’]?t|never) (?:share|give out) (?:your |this )?(?:card number|pin|password|code|details)|no action is (?:needed|required))\b/,
  ),
  rule(
    'counter.appointment',
    'ESTABLISHED_RELATIONSHIP',
    'medium',
    'Routine call about an appointment, order or request the callee made.',
    /\b(?:your (?:appointment|reservation|prescription|booking|table|pickup|pick-up)|(?:appointment|reservation|prescription|order) (?:is )?(?:scheduled|ready|confirmed)|(?:confirm|reschedule|cancel) your (?:appointment|reservation|booking)|return(?:ing)? your call|your (?:application|ticket number|support ticket|service request)|ready for pick ?up|as you requested|you (?:requested|booked|scheduled|ordered))\b/,
  ),
  rule(
    'counter.customer-grievance',
    'ESTABLISHED_RELATIONSHIP',
    'medium',
    'Caller is a customer chasing their own purchase: a late order, a faulty product, a wrong charge or a refund owed to them.',
    anyOf([
      // wants their own money back
      "(?:want|would like|['’]d like|expect|demand) (?:my money back|a (?:full |partial )?refund)",
      String.raw`(?:want|need|would like|['’]d like) (?:the|those|these|that) (?:\w+ )?(?:payments?|charges?|fee) (?:refunded|reversed)`,
      // still hasn't received what they paid for
      "i (?:still )?(?:have not|haven['’]?t|never|did not|didn['’]?t) (?:received|gotten|got|get) (?:my|the|a) (?:refund|order|package|parcel|delivery|replacement|money back)",
      String.raw`wait(?:ing|ed) (?:\w+ ){0,3}?(?:days|weeks|months) for (?:my|the|a) (?:refund|order|package|parcel|delivery|replacement|repair|engineer|technician)`,
      // bought it from the callee's business
      String.raw`(?:i|we) (?:ordered|bought|purchased|returned|booked|paid for)\b[^.?!]{0,50}?\b(?:from|through|at|to|with|on) your (?:website|store|shop|company|warehouse|app|site|garage|hotel|airline)`,
      // the product is faulty
      '(?:arrived|came|showed up|was delivered) (?:broken|damaged|defective|smashed|faulty)|(?:stopped|quit) working after',
      // a billing mistake against the caller
      '(?:charged|billed) me twice|double[- ]charged me|(?:still|keep) (?:charging|billing|taking money from) me|i cancel+ed my (?:membership|subscription|contract|reservation|booking|order)',
      '(?:calling|phoning|ringing) to (?:complain|make a complaint)',
    ]),
  ),
  rule(
    'counter.service-menu',
    'ESTABLISHED_RELATIONSHIP',
    'medium',
    'Routine service menu: options by topic, or to confirm, reschedule or hear opening hours.',
    /\b(?:for (?:billing|account|pharmacy|store|opening|hours|directions|all other|other|technical)[^.?!]{0,30}?press (?:\d|one|two|three)|press (?:\d|one|two|three) to (?:hear (?:our|your|the)|confirm|reschedule|cancel (?:your|this) (?:appointment|order|reservation)|refill|repeat this message|report))\b/,
  ),
];
