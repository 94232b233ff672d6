/**
 * Counter-signal rules: things legitimate callers say and scammers avoid, because they
 * would send the callee to an official channel or rule out the scam's own request.
 * Pure: no runtime-specific imports.
 */
import { anyOf, type Rule, rule } from './rule-types';
import { ASK_VERB, GIVE_VERB, NEGATION } from './scope';

/** Counter rules, compiled once at module load. */
export const COUNTER_RULES: readonly Rule[] = [
  rule(
    'counter.official-channel',
    'INDEPENDENT_VERIFICATION',
    'high',
    'Caller points to an official channel to verify independently.',
    anyOf([
      // "the customer service number printed on the back of your card", "the number on your bill"
      String.raw`(?:call|contact|dial|using|use) (?:us (?:at|on) |us back (?:at|on) )?(?:the )?(?:\w+ ){0,2}?(?:number|phone number|line) (?:printed |listed |found |shown )?(?:on|at) (?:the back of |the front of )?(?:your|the|our) (?:\w+ ){0,2}(?:card|statement|bill|website|official website)`,
      '(?:visit|go to|stop by) (?:your |the |any )?(?:nearest|local) (?:branch|office)',
      '(?:log|sign) (?:in|into)(?: to)? (?:your account )?(?:directly|through (?:our|the) official|on (?:our|the) official)',
      // Self-service through the organisation's own app, site or portal.
      '(?:sign|log) (?:in|into)(?: to)? (?:the|our|your) (?:\\w+ ){0,5}?(?:app|website|portal)',
      // "you can pay online": said by the organisation; a victim asks "can I pay online?".
      'you can (?:also )?(?:book|pay|renew|reschedule|schedule|view|review|upload)(?: it| them| your \\w+)? (?:online|on our website|in (?:the|our) (?:\\w+ )?app|through (?:the|our) (?:\\w+ )?(?:app|portal|website))',
      '(?:patient|client|member) portal',
      'hang up and call (?:us|the number)',
      // Someone the callee already knows: scams keep the callee with them instead.
      '(?:call|contact|ask|see|talk to|speak (?:to|with)) your (?:own )?(?:primary care |regular |family )?(?:doctor|physician|pharmacist|insurance agent|agent|bank branch|accountant)',
      'verify (?:this|it) (?:independently|yourself)',
      // Offers of paper and the callee's rights: scams want action on this call.
      'right to dispute',
      '(?:written )?validation (?:notice|letter)',
      "(?:we|i)(?:['’]ll| will| can) (?:also )?(?:send|mail) you a (?:written |validation )?(?:letter|notice|statement)",
    ]),
  ),
  rule(
    'counter.never-ask',
    'NO_SENSITIVE_REQUEST',
    'high',
    'Caller says they will never ask for codes, PINs or passwords.',
    anyOf([
      // The same denials that take a request out of scope (scope.ts).
      `${NEGATION}(?: ever)? ${ASK_VERB}(?: you)?(?: for| to (?:share|give|provide|tell|confirm|read))? (?:your |any |the )?(?:full |personal |online |bank |banking )?(?:pin|password|card|account|social|one[- ]time|security|verification|personal|code|codes|details|information|money|payment)`,
      // Advice to keep the callee's own secret: "never share this code", "don't give anyone
      // your PIN". Not a promise ("we'll never share your information") and not the scammer's
      // "don't share this with anyone else".
      String.raw`(?:never|do not|don['’]?t)(?: ever)? ${GIVE_VERB}(?: anyone| it| them)? (?:your|any|this|that) (?:\w+ )?(?:card number|pins?|passwords?|passcodes?|codes?|otp)\b(?! with anyone else)`,
      'not even (?:us|me|the bank|someone from (?:the bank|us))',
      'nothing (?:you need|you have|for you) to (?:give|share|provide|tell|do)',
      'no action is (?:needed|required)',
      '(?:nothing|no fee|no charge) (?:for you )?to (?:pay|buy)',
      'no action (?:is )?(?:needed|required) on your part',
      'disregard this (?:message|notice|call)',
    ]),
  ),
  rule(
    'counter.appointment',
    'ESTABLISHED_RELATIONSHIP',
    'medium',
    'Routine call about an appointment, order or request the callee made.',
    /\b(?:your (?:\w+ )?(?:appointment|reservation|prescription|booking|table|pickup|pick-up)|(?:appointment|reservation|prescription|order|package|delivery|refill) (?:has |is |was )?(?:scheduled|ready|confirmed|shipped|on its way|out for delivery)|(?:confirm|reschedule|cancel) your (?:appointment|reservation|booking)|return(?:ing)? your call|your (?:application|ticket number|support ticket|service request)|ready for pick ?up|as you requested|you (?:requested|booked|scheduled|ordered|filed|submitted|reported|placed on hold)|you (?:filled|bought|purchased|ordered|registered|rented) (?:with|from|at) us|(?:claim|report|application|request|case|ticket) you (?:filed|submitted|made|placed|opened|raised|logged))\b/,
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
      // A refund that goes back the way the customer paid: scammers "refund" into a bank account.
      String.raw`(?:refund|money)\b[^.?!]{0,40}?\b(?:back )?to (?:your|the) (?:original (?:payment method|form of payment|card)|card you (?:paid|used))`,
      String.raw`(?:refund|money)\b[^.?!]{0,20}?\b(?:goes|will go|is sent|will be sent|comes) back to your card`,
    ]),
  ),
  rule(
    'counter.service-menu',
    'ESTABLISHED_RELATIONSHIP',
    'medium',
    'Routine service menu: options by topic, or to confirm, reschedule or hear opening hours.',
    /\b(?:for (?:billing|account|pharmacy|store|opening|hours|directions|all other|other|technical)[^.?!]{0,30}?press (?:\d|one|two|three)|press (?:\d|one|two|three) to (?:hear (?:our|the) (?:\w+ )?hours|confirm|reschedule|cancel (?:your|this) (?:appointment|order|reservation)|refill|repeat this message|report))\b/,
  ),
];
