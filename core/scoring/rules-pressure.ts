/**
 * Rules for who the caller claims to be and how they push: authority, urgency, threats,
 * secrecy, call-back pressure and robocall menus. Pure: no runtime-specific imports.
 */
import { type Rule, rule } from './rule-types';

/** Pressure rules, compiled once at module load. */
export const PRESSURE_RULES: readonly Rule[] = [
  rule(
    'authority.government',
    'AUTHORITY_IMPERSONATION',
    'high',
    'Caller claims to be from a government agency.',
    /\b(?:internal revenue service|irs|social security (?:administration|office|department)|ssa|department of (?:justice|treasury|homeland security|revenue)|federal (?:bureau|trade commission|government|agent|agency|deposit insurance)|fbi|dea|u\.?s\.? marshals?|customs and border|border protection|treasury department|immigration (?:office|department|services))\b/,
  ),
  rule(
    'authority.police',
    'AUTHORITY_IMPERSONATION',
    'high',
    'Caller claims to be a police or legal officer.',
    /\b(?:this is (?:officer|agent|detective|sergeant|lieutenant|deputy)|badge (?:number|id)|police (?:department|officer|station)|sheriff['’]?s? (?:office|department)|legal department|law enforcement)\b/,
  ),
  rule(
    'authority.tech-brand',
    'AUTHORITY_IMPERSONATION',
    'high',
    'Caller claims to be support staff of a large technology or retail company.',
    /\b(?:microsoft|apple|windows|amazon|paypal|geek squad|norton|mcafee|google|icloud)\b[^.?!]{0,30}?\b(?:support|security|technical|technician|department|team|help ?desk|billing|fraud)\b/,
  ),
  rule(
    'authority.bank',
    'AUTHORITY_IMPERSONATION',
    'medium',
    "Caller claims to be from the callee's bank or card issuer.",
    /\b(?:calling (?:from|on behalf of) (?:your|the) (?:bank|credit card (?:company|issuer))|(?:bank|card)['’]?s? (?:fraud|security) (?:department|team|division)|fraud (?:department|prevention (?:department|team)))\b/,
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
    /\b(?:immediately|urgent(?:ly)?|within (?:the next )?(?:\d+|one|two|three|few|twenty[- ]four|forty[- ]eight) (?:hours?|minutes?|business days?)|final (?:notice|warning|attempt|call|reminder)|last (?:chance|notice|warning|attempt)|time[- ]sensitive|act (?:now|fast|quickly)|before it['’]?s too late|expires? (?:today|tonight)|about to expire|limited time|don['’]?t delay|no time to (?:waste|lose)|by (?:midnight|(?:five|5|six|6) ?pm|the end of (?:the day|today|business))|(?:closes|ends) (?:tonight|today|at midnight)|spots? left)\b/,
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
    /\b(?:arrest(?:ed)?|warrant|lawsuit|legal (?:action|proceedings|consequences)|sued|prosecut(?:e|ed|ion)|criminal (?:charges?|case|investigation)|deport(?:ed|ation)?|jail|prison|court (?:case|order|summons)|police will|wage garnishment|garnish(?:ed)?|deputy will|(?:be )?served (?:with|at your))\b/,
  ),
  rule(
    'threat.account',
    'THREAT',
    'medium',
    'Caller warns of a suspended, frozen or compromised account or identity.',
    /\b(?:suspend(?:ed)?|suspension|frozen|freeze your|block(?:ed)? your|blocked|seiz(?:e|ed|ure)|revok(?:e|ed)|compromised|hacked|infected|virus|malware|penalt(?:y|ies)|lose (?:all )?(?:your|access)|be (?:cancelled|canceled|terminated|disconnected))\b/,
  ),
  rule(
    'threat.false-charge',
    'THREAT',
    'medium',
    'Caller reports an unauthorised charge or order to alarm the callee.',
    /\b(?:(?:pre-?authori[sz]ed|unauthori[sz]ed|suspicious|fraudulent) (?:purchase|order|transaction|charge|payment|activit(?:y|ies))|(?:has|have) been (?:charged|debited|deducted|ordered) (?:from|to|on) your|ordered from your (?:\w+ )?account)/,
  ),
  rule(
    'secrecy.tell-no-one',
    'SECRECY',
    'high',
    'Caller tells the callee to keep the call secret.',
    /\b(?:(?:don['’]?t|do not|never) (?:tell|discuss|mention|inform|share (?:this|it) with) (?:this to )?(?:anyone|anybody|your|the bank|family|mom|dad)|keep (?:this|it) (?:confidential|between us|a secret|secret|private|to yourself)|confidential (?:call|matter|investigation|case)|(?:don['’]?t|do not) (?:talk|speak) to (?:anyone|anybody|the bank)|bank (?:staff|employees?|tellers?) (?:may be|are|is|might be) (?:involved|compromised))\b/,
  ),
  rule(
    'secrecy.stay-on-line',
    'SECRECY',
    'medium',
    'Caller insists the callee stays on the line.',
    /\b(?:(?:don['’]?t|do not) hang up|stay on the (?:line|phone)(?! (?:and|for) (?:a|an|the|our|the next) (?:representative|agent|operator|available))|(?:don['’]?t|do not) (?:disconnect|end) the call)\b/,
  ),
  rule(
    'callback.number',
    'CALLBACK_PRESSURE',
    'medium',
    'Caller demands a call back on a number they supply.',
    /\b(?:call (?:us |me )?back (?:at|on|immediately|right away|as soon as)|(?:call|contact|reach) (?:us|me|our (?:department|office|team|agent)) (?:immediately )?(?:at|on) (?:the )?(?:number|\(?\d|1[- ]8|toll[- ]free)|(?:our|the) (?:toll[- ]free|callback|call ?back) number|return (?:this|our) call (?:at|immediately|as soon))/,
  ),
  rule(
    'ivr.press-key',
    'ROBOCALL_IVR',
    'medium',
    'Pre-recorded menu asks the callee to press a key.',
    /\bpress (?:\d|one|two|zero|nine|star|pound)\b/,
  ),
  rule(
    'ivr.recorded-notice',
    'ROBOCALL_IVR',
    'medium',
    'Pre-recorded notice or list-removal offer.',
    /\b(?:this is (?:a|an|your) (?:final|last|courtesy|automated|recorded|pre-?recorded|important) (?:call|message|notice|notification)|to be removed from (?:our|the|this) (?:list|calling list)|speak (?:to|with) (?:a|an|one of our) (?:live )?(?:representative|agent|specialist|operator))\b/,
  ),
];
