/**
 * The robocall rule family: how a pre-recorded or scripted cold call sounds (ROBOCALL_IVR) and
 * what it sells (UNSOLICITED_PITCH). Pure: no runtime-specific imports.
 *
 * Why a family of its own: most illegal robocalls ask for nothing the other rules know (no gift
 * card, no PIN). They pitch a regulated product the callee never asked about (a Medicare plan, a
 * car warranty, solar, debt relief, student-loan forgiveness, a discount), sell it on
 * "eligibility", and end on a key to press or a number to call. None of these alone makes a
 * scam: a pharmacy robocall says "press 1" and a dealer mentions a warranty. Together they do,
 * which rule-score.ts encodes as the ROBOCALL_IVR + UNSOLICITED_PITCH pair. Reminders about
 * something the callee already has (an appointment, a prescription, an order) are
 * counter-signals (rules-counter.ts) and keep such a call safe.
 */
import { anyOf, type Rule, rule } from './rule-types';

const DIGIT_WORD = '(?:one|two|three|four|five|six|seven|eight|nine|zero|star|pound)';

/** Robocall rules, compiled once at module load. */
export const ROBOCALL_RULES: readonly Rule[] = [
  rule(
    'ivr.press-key',
    'ROBOCALL_IVR',
    'medium',
    'Pre-recorded menu asks the callee to press a key.',
    new RegExp(String.raw`\bpress (?:\d|${DIGIT_WORD})\b`),
  ),
  rule(
    'ivr.recorded-notice',
    'ROBOCALL_IVR',
    'medium',
    'Pre-recorded notice or list-removal offer.',
    anyOf([
      '(?:this is|this call is) (?:a|an|your) (?:final|last|courtesy|automated|recorded|pre-?recorded|important) (?:call|message|notice|notification)',
      '(?:to be |be )?(?:removed|placed|put|added) (?:from|on|to) (?:our|the|this) (?:do not call |calling |call )?list',
      'do not call list',
      'speak (?:to|with) (?:a|an|one of our) (?:live )?(?:representative|agent|specialist|operator)',
    ]),
  ),
  rule(
    'ivr.script-opener',
    'ROBOCALL_IVR',
    'medium',
    'Scripted cold-call opener: a line check, a recorded-line notice or a last courtesy call.',
    anyOf([
      // The line check that opens scripted calls and can capture a recorded "yes".
      String.raw`can you hear me(?: okay| ok| all ?right| now| clearly| well| fine)?\b`,
      '(?:just )?(?:need you to|can you) say (?:yes|yes to confirm)',
      // Sales calls must announce recording; live service calls rarely open with it. Speech
      // recognition often loses "on" ("i got a recorded line"), so the notice is the cue.
      '(?:on|got|get|at|in|and) a recorded line',
      "(?:i am|i[’']m|this is) (?:a|an) (?:robot|automated (?:assistant|agent|system)|artificial intelligen(?:t|ce)|virtual assistant)",
      'notification bot',
      // The "we tried to reach you" chase of warranty and benefit robocalls.
      "we(?:[’']ve| have) been trying to (?:reach|contact|get (?:a )?hold of) you",
      '(?:final|last) courtesy call',
      'before we close (?:out )?(?:your|the) file',
      '(?:sent|mailed) you (?:several |multiple |a few |some )?(?:notices|letters|something) in the mail',
    ]),
  ),
  rule(
    'pitch.product',
    'UNSOLICITED_PITCH',
    'low',
    'Caller talks about a product often sold by unsolicited robocalls.',
    anyOf([
      "(?:extended|vehicle[’']?s?|car[’']?s?|auto|factory|manufacturer[’']?s?) (?:extended )?(?:warrant(?:y|ies)|coverage)",
      'warranty (?:coverage|department|specialist|has expired|expir(?:es|ed|ing))',
      'final expense',
      'burial (?:costs?|insurance|expenses?)',
      'solar (?:panels?|energy|program|system|incentive|installation)',
      'student loans?',
      '(?:credit card|medical|unsecured) (?:debt|balances?)',
      'debt (?:relief|settlement|consolidation|elimination|reduction|forgiveness)',
      '(?:health|life|supplemental|dental) (?:insurance|coverage|plans?)',
      'medicare (?:plans?|benefits|advantage|supplement|part)',
      'medigap',
      '(?:back|knee|wrist) braces?',
      'medical alert',
      'home warranty',
      '(?:electric|gas|energy|utility|power|cable|satellite|tv|television) bill',
      String.raw`complimentary (?:\w+ ){0,3}?(?:stay|vacation|cruise|trip|upgrade)`,
      '(?:business|google) listing',
    ]),
  ),
  rule(
    'pitch.eligibility',
    'UNSOLICITED_PITCH',
    'medium',
    'Caller sells on eligibility: you may qualify, you were selected, no cost to you.',
    anyOf([
      "(?:you|you['’]re|your (?:household|home|family|number|telephone number|phone number)) (?:may |might |could |now |also )?(?:qualify|be eligible|be entitled|eligible|are eligible|are qualified|have qualified|ha(?:ve|s) been qualified)",
      "(?:see|check|find out) (?:if|whether) (?:you|your home|your household) (?:qualify|qualifies|(?:is|are) eligible|[’']re eligible)",
      '(?:check|review|verify) (?:your )?eligibility',
      '(?:pre-?selected|pre-?qualified|been selected|been chosen|was qualified|were qualified|been approved) (?:to receive|for)',
      '(?:eligible|qualify|qualified) (?:for|to receive) (?:a |an |the )?(?:new |free |special |additional |extra )?(?:discount|benefits?|program|plan|coverage|rebate|credit|reduction|forgiveness|upgrade|stay)',
      'take advantage of',
      '(?:special|exclusive|limited[- ]time) (?:offer|promotion|announcement|program|deal)',
      String.raw`(?:zero|no|little or no|\$?0) (?:dollars? )?(?:out[- ]of[- ]pocket|money down|upfront cost)`,
      '(?:this|it) is not a loan',
      "(?:are you|if you are|if you[’']re) (?:between|over|under|age) (?:the ages? of )?(?:\\d+|fifty|sixty|sixty[- ]five|seventy|eighty)",
      '(?:new|recent) (?:state|federal|government)[- ](?:regulated |approved |funded |backed )?(?:program|incentive|changes|law|rules)',
      '(?:licensed|senior) (?:agent|specialist|enrollment|benefits|insurance|health|advisor|counselor|coordinator)',
      '(?:health ?care|benefits?|insurance|warranty|enrollment|loan|debt|forgiveness|relief|energy) (?:advisor|specialist|counselor|coordinator)',
    ]),
  ),
  rule(
    'pitch.medicare-caller',
    'UNSOLICITED_PITCH',
    'medium',
    'Caller introduces themselves as Medicare or a Medicare advisor: Medicare does not cold call, and plan sellers may not.',
    // The caller's own introduction ("i'm a medicare advisor", "this is medicare", "calling
    // from medicare"), not the callee's plan or card ("your medicare part d plan", "bring your
    // medicare card"), nor a plan that names itself ("this is sunrise medicare plans").
    // Recognisers mangle the article ("i'm an medicare"), so any one may stand before it.
    anyOf([
      "(?:i[’']?m|i am|this is|we[’']re|we are) (?:a |an |the |with |from )?(?:local |licensed |certified |independent )?medicare(?! (?:card|number|id|part d plan|plan member))",
      '(?:calling|call you|reaching out) (?:from|with|on behalf of) (?:the )?medicare',
    ]),
  ),
];
