/**
 * Rules for who the caller claims to be and how they push: authority, urgency, threats,
 * secrecy and call-back pressure (robocall menus are in rules-robocall.ts). Pure: no
 * runtime-specific imports.
 */
import { anyOf, type Rule, rule } from './rule-types';

/**
 * A charge or renewal that happened to the callee. Not the callee's own request to stop one
 * ("I'd like to turn off automatic renewal on my antivirus"), which is a customer managing a
 * subscription they know about. "My antivirus subscription" names a product the callee has; a
 * "subscription (to|for) Norton" the callee reports stays in the second pattern below.
 */
const RENEWAL_EVENT =
  '(?<!(?:turn(?:ing)? off|switch(?:ing)? off|cancel(?:l?ing)?|stop(?:ping)?|disabl(?:e|ing)) (?:the |my |your )?(?:automatic |auto[- ]?)?)(?:charge|charged|invoice|bill|billed|renew(?:al|ed)?|expire[ds]?|deducted|debited)';

/** Pressure rules, compiled once at module load. */
export const PRESSURE_RULES: readonly Rule[] = [
  rule(
    'authority.government',
    'AUTHORITY_IMPERSONATION',
    'high',
    'Caller claims to be from a government agency.',
    /\b(?:internal revenue service|irs|social security (?:administration|office|department)|ssa|department of (?:justice|treasury|homeland security|revenue)|federal (?:bureau|trade commission|government|agent|agency|deposit insurance)|fbi|dea|u\.?s\.? marshals?|customs and border|border protection|treasury department|immigration (?:office|department|services)|hmrc|her majesty['’]?s revenue|inland revenue|national crime agency|department of (?:education|labor|health)|federal (?:student aid|benefits)|consulate(?: general)?|embassy)\b/,
  ),
  rule(
    'authority.police',
    'AUTHORITY_IMPERSONATION',
    'high',
    'Caller claims to be a police or legal officer.',
    /\b(?:this is (?:officer|agent|detective|sergeant|lieutenant|deputy)|badge (?:number|id)|police (?:department|officer|station)|sheriff['’]?s? (?:office|department)|legal department|law enforcement|(?:attorney|lawyer|public defender) (?:representing|for|on behalf of) your)\b/,
  ),
  rule(
    'authority.tech-brand',
    'AUTHORITY_IMPERSONATION',
    'high',
    'Caller claims to be support staff of a large technology or retail company.',
    anyOf([
      String.raw`(?:microsoft|apple|windows|amazon|paypal|geek squad|norton|mcafee|google|icloud)\b[^.?!]{0,30}?\b(?:support|security|technical|technician|department|team|help ?desk|billing|fraud|customer (?:service|care))`,
      '(?:computer|technical|tech) (?:support|maintenance|security|service) (?:department|team|center|centre|division)',
      // How a fake support line answers, and how a cold caller introduces himself.
      "(?:thank you for calling|thanks for calling|welcome to|you['’]?ve reached|you have reached|connected (?:to|with)|calling (?:you )?from) (?:microsoft|apple|windows|amazon|paypal|geek squad|norton|mcafee)",
    ]),
  ),
  rule(
    'authority.bank',
    'AUTHORITY_IMPERSONATION',
    'medium',
    "Caller claims to be from the callee's bank or card issuer.",
    anyOf([
      'calling (?:from|on behalf of) (?:your|the) (?:bank|credit card (?:company|issuer))',
      "(?:bank|card)['’]?s? (?:\\w+ )?(?:fraud|security) (?:department|team|division|unit)",
      'fraud (?:department|prevention (?:department|team))',
      '(?:security|fraud|digital banking) (?:department|team) (?:of|at) your bank',
      '(?:card ?holder|card|card ?member) services',
      'digital banking team',
    ]),
  ),
  rule(
    'authority.medicare',
    'AUTHORITY_IMPERSONATION',
    'medium',
    'Caller invokes Medicare or a benefits office.',
    /\b(?:medicare|medicaid|benefits (?:office|department|coordinator))\b/,
  ),
  rule(
    'urgency.strong',
    'URGENCY',
    'high',
    'Caller sets a deadline or insists on acting immediately.',
    /\b(?:immediately|urgent(?:ly)?|within (?:the next )?(?:\d+|one|two|three|few|twenty[- ]four|forty[- ]eight) (?:hours?|minutes?|business days?)|final (?:notice|warning|attempt|call|reminder)|last (?:chance|notice|warning|attempt)|time[- ]sensitive|act (?:now|fast|quickly)|before it['’]?s too late|expires? (?:today|tonight)|about to expire|limited time|don['’]?t delay|no time to (?:waste|lose)|by (?:midnight|(?:five|5|six|6) ?pm|the end of (?:the day|today|business))|(?:closes|ends) (?:tonight|today|at midnight)|spots? (?:left|are limited|are filling up)|in the next (?:\d+|few|one|two|three|thirty|forty[- ]five|twenty[- ]four|forty[- ]eight)(?: to \d+)? (?:minutes?|hours?)|(?:window|offer|program|enrollment|period|deadline) (?:closes|ends|expires)|only available on this call|going fast)\b/,
  ),
  rule(
    'urgency.soft',
    'URGENCY',
    'low',
    'Caller asks for action right away.',
    /\b(?:right (?:now|away)|as soon as possible|asap|today|this is an emergency|emergency)\b/,
  ),
  rule(
    'threat.legal',
    'THREAT',
    'high',
    'Caller threatens arrest, legal action or prosecution.',
    /\b(?:arrest(?:ed)?|warrant|lawsuit|legal (?:action|proceedings|consequences)|sued|prosecut(?:e|ed|ion)|criminal (?:charges?|case|investigation)|deport(?:ed|ation)?|jail|prison|court (?:case|order|summons)|police will|wage garnishment|garnish(?:ed)?|deputy will|(?:be )?served (?:with|at your)|(?:taken|put|placed) into custody|bench warrant|failed to appear|(?:legal|law) enforcement action|criminal activit(?:y|ies))\b/,
  ),
  rule(
    'threat.account',
    'THREAT',
    'medium',
    'Caller warns of a suspended, frozen or compromised account or identity.',
    /\b(?:suspend(?:ed)?|suspension|frozen|freeze your|block(?:ed)? your|blocked|seiz(?:e|ed|ure)|revok(?:e|ed)|compromised|hacked|infected|virus|malware|penalt(?:y|ies)|lose (?:all )?(?:your|access|eligibility)|be (?:cancelled|canceled|terminated|disconnected|stopped|shut off|shut down|cut off)|(?:affect|jeopardi[sz]e) your (?:\w+ )?(?:status|benefits|credit))\b/,
  ),
  rule(
    'threat.service-cut',
    'THREAT',
    'medium',
    'Caller warns that a utility or phone service is about to be cut off.',
    anyOf([
      '(?:interruption|disconnection|shut-?off|cut-?off) (?:of|to) (?:your )?(?:service|power|electricity|gas|water|line)',
      '(?:automatic|scheduled) (?:interruption|disconnection)',
      '(?:disconnect|shut off|cut off|turn off) (?:your |the )?(?:service|power|electricity|gas|water|line|meter)',
      '(?:meter|service|power) is (?:scheduled|set|going) to be (?:disconnected|shut off|cut off)',
      '(?:technician|crew|truck) (?:has been |is being |was )?(?:dispatched|sent|on (?:his|their|the|its) way) to',
      'disconnection department',
    ]),
  ),
  rule(
    'threat.false-charge',
    'THREAT',
    'medium',
    'Caller reports an unauthorised charge or order to alarm the callee.',
    anyOf([
      '(?:pre-?authori[sz]ed|pre-?approved|unauthori[sz]ed|suspicious|fraudulent) (?:purchase|order|transaction|charge|payment|activit(?:y|ies))',
      '(?:has|have) been (?:charged|debited|deducted|ordered) (?:from|to|on) your',
      String.raw`ordered from your (?:\w+ )?account`,
      // "If you did not make this purchase, press 1": the alarm that opens the call.
      "(?:if|in case) you (?:did not|didn['’]?t|have not|haven['’]?t|do not|don['’]?t) (?:make|made|place|placed|authori[sz]e|recogni[sz]e|order) (?:it|them|(?:this|the|that|these|any)(?: \\w+)? (?:purchase|order|transaction|charge|payment)s?)",
      '(?:(?:purchase|order|charge|transaction)s? (?:made )?(?:of|for)|ordered|purchased|bought) (?:an? |your )?(?:new )?(?:apple|iphone|macbook|mac book|airpods|xbox|playstation|laptop|gift cards?)',
      // A renewal the callee never asked for, the opening of refund scams.
      '(?:you|your (?:account|card|bank account|checking account|credit card)) (?:has|have|had|were|was|will be|is being|are being) (?:been )?(?:charged|billed|debited)',
      '(?:getting|being) (?:charged|billed) (?:for|by)',
      '(?:auto[- ]?renew(?:al|ed|s)?|renewal) (?:of|for|charge|fee|date|subscription|payment)',
      '(?:subscription|membership|protection plan|antivirus|anti-virus|license) (?:has |have |was |is )?(?:expired|auto[- ]?renewed)',
      '(?:cancellation|refund) department',
      // A placed order or a new account "in your name" that the callee knows nothing about.
      '(?:placed|made|created|opened) (?:an? |the )?(?:order|purchase|account)[^.?!]{0,30}?\\b(?:in|under|on|with) your (?:name|account)',
      '(?:fake|new|another) (?:amazon |paypal |apple )?account (?:in|under|with) your name',
    ]),
  ),
  rule(
    'threat.renewal',
    'THREAT',
    'medium',
    'Caller reports a charge or renewal for a computer or security service (the refund-scam opening).',
    anyOf([
      String.raw`(?:geek squad|norton|mcafee|lifelock|antivirus|anti-virus|firewall|computer (?:service|services|protection|security|maintenance)|tech(?:nical)? support|security software|protection plan)[^.?!]{0,60}?\b${RENEWAL_EVENT}`,
      String.raw`(?:${RENEWAL_EVENT}|subscription)[^.?!]{0,60}?\b(?:geek squad|norton|mcafee|lifelock|antivirus|anti-virus|firewall|computer (?:service|services|protection|security|maintenance)|security software)`,
    ]),
  ),
  rule(
    'threat.device-alarm',
    'THREAT',
    'medium',
    'Caller (or a fake alert) says a computer or network is locked, hacked or at risk.',
    anyOf([
      String.raw`(?:computer|device|laptop|pc|system|network|ip address|router|screen|access)[^.?!]{0,25}?\b(?:locked|hacked|compromised|infected|shut(?:ting)? down|at risk|been blocked|is blocked)`,
      'hack(?:er|ers|ing)',
      // "An urgent check-up call for your computer: we have found several problems with it."
      String.raw`(?:computer|device|laptop|pc|system)[^.?!]{0,60}?\b(?:found|detected|noticed|getting|showing) (?:several |some |many |a lot of |multiple |serious )?(?:problems|errors|viruses|virus|malware|infections)`,
      '(?:pop-?up|error (?:message|screen)|warning (?:alert|message|screen)|security (?:alert|message|warning)|virus alert)[^.?!]{0,60}?\\bcall',
    ]),
  ),
  rule(
    'secrecy.tell-no-one',
    'SECRECY',
    'high',
    'Caller tells the callee to keep the call secret.',
    /\b(?:(?:don['’]?t|do not|never|must not|mustn['’]?t|cannot|can['’]?t) (?:tell|discuss|mention|inform|talk about) (?:this to |it with |this with )?(?:anyone|anybody|your|the bank|family|mom|dad)(?! (?:your |the |any |this |that )?(?:\w+ )?(?:pin|password|passcode|code|card|account|details))|keep (?:this|it) (?:confidential|between us|a secret|secret|private|to yourself)|(?:share|discuss|tell)[^.?!]{0,30}?\banyone else|confidential (?:call|matter|investigation|case)|(?:don['’]?t|do not) (?:talk|speak) to (?:anyone|anybody|the bank)|bank (?:staff|employees?|tellers?) (?:may be|are|is|might be) (?:involved|compromised))\b/,
  ),
  rule(
    'secrecy.stay-on-line',
    'SECRECY',
    'medium',
    'Caller insists the callee stays on the line.',
    /\b(?:(?:don['’]?t|do not) hang up|stay on the (?:line|phone)(?! (?:and|for) (?:a|an|the|our|the next) (?:representative|agent|operator|available)| or press)|(?:don['’]?t|do not) (?:disconnect|end) the call)\b/,
  ),
  rule(
    'callback.number',
    'CALLBACK_PRESSURE',
    'medium',
    'Caller demands a call back on a number they supply.',
    /\b(?:call (?:us |me )?back (?:at|on|immediately|right away|as soon as)|(?:call|contact|reach) (?:us|me|our (?:department|office|team|agent))(?: back)? (?:immediately )?(?:at|on) (?:the )?(?:number(?! (?:printed |listed |shown )?(?:on|at) (?:the back|the front|your|our|the official))|\(?\d|1[- ]8|toll[- ]free)|(?:our|the) (?:toll[- ]free|callback|call ?back) number|return (?:this|our) call (?:at|immediately|as soon))/,
  ),
];
