/**
 * Rules for the lures and stories that come with a request: prizes, refunds and easy money,
 * a loved one in trouble, romance. Pure: no runtime-specific imports.
 */
import { anyOf, type Rule, rule } from './rule-types';

/** Lure and story rules, compiled once at module load. */
export const LURE_RULES: readonly Rule[] = [
  rule(
    'lure.prize',
    'TOO_GOOD_TO_BE_TRUE',
    'high',
    'Caller announces a prize, win or selection.',
    // "won" but not "won't": "you won't be charged" is no prize.
    /\b(?:you(?:['’]ve| have)? (?:won(?!['’]t)|been (?:selected|chosen|approved|pre-?approved))|congratulations|sweepstakes|lottery|jackpot|(?:cash )?prize|free (?:gift|cruise|vacation|trip|iphone|money)|(?:your name|you) (?:was|were|has been|have been|came up|got) (?:drawn|picked)|publishers? clearing house|(?:grand |lucky |the )winner|claim (?:code|number)|brand new car)\b/,
  ),
  rule(
    'lure.money',
    'TOO_GOOD_TO_BE_TRUE',
    'medium',
    'Caller offers a refund, grant, debt relief or guaranteed return.',
    // "At no cost" sells a program or an install; for the replacement, repair or shipping of the
    // customer's own order it is ordinary service.
    /\b(?:guaranteed (?:returns?|profits?|approval|income)|government grant|grant (?:of|money)|(?:eligible|qualify|qualified) for (?:a |an )?(?:refund|grant|reduction|lower|additional|special|free)|lower (?:your )?interest rate|reduce your (?:debt|interest|payments)|(?<!(?:replacement|repair|shipping|delivery|exchange|return)\b[^.?!]{0,40})at no (?:extra |additional )?cost|no cost to you|risk[- ]free|double your (?:money|investment)|investment opportunity|refund (?:of|amount)|entitled to (?:a )?(?:refund|compensation)|(?:\d+|hundred) percent (?:gains?|returns?|profits?)|completely guaranteed|crypto trading|(?:trading|investment) (?:platform|program|app)|(?:returns?|profits?|gains?) (?:are|is) (?:guaranteed|risk[- ]free)|doubled? (?:your|their|my) (?:money|savings|investment)|(?:recover|return|get back) (?:\w+ )?(?:money|funds) you lost|(?:loan|funds)(?: of [^.?!]{0,30})? (?:has|have) been approved|(?:earn|make) (?:up to )?(?:\$?\d+|hundreds|thousands|(?:two|three|four|five) hundred)(?: to (?:\$?\d+|[a-z]+ hundred))? (?:dollars )?(?:a|per) (?:day|week|hour)|(?:we have|there is|we found) a buyer|owed (?:credits?|money|a rebate)|made (?:another |over )?(?:\d+|[a-z]+) percent|can['’]?t lose|offer(?:ing)? you an? (?:remote |work[- ]from[- ]home |part[- ]time |full[- ]time )?(?:\w+ ){0,2}?(?:position|job)|(?:remote|work[- ]from[- ]home|data entry) (?:position|job))\b/,
  ),
  rule(
    'lure.refund',
    'TOO_GOOD_TO_BE_TRUE',
    'low',
    'Caller offers the callee a refund, rebate or cashback.',
    /\b(?:your (?:refund|rebate|cash ?back)|(?:refund|rebate|cash ?back) (?:of|amount|check|cheque|department|process(?:ing)?|to you|for you)|(?:refund|reimburse|compensate|credit) you\b|refund your|(?:issue|issuing|give|giving|send|sending|process|processing) (?:you )?(?:a |the |your )?(?:full )?(?:refund|rebate|cash ?back)|you(?: are|['’]re| will be|['’]ll be)? (?:owed|entitled to|eligible for|due) (?:a |an )?(?:full )?(?:refund|rebate|cash ?back)|refunded to you|(?:refund|cancellation) form)\b/,
  ),
  rule(
    'emotion.family-trouble',
    'EMOTIONAL_MANIPULATION',
    'high',
    'Caller describes a loved one in trouble who needs money.',
    anyOf([
      '(?:grandma|grandpa|grandmother|grandfather|nana)\\b[^.?!]{0,60}?\\b(?:jail|trouble|accident|hospital|arrested|bail|lawyer)',
      'bail (?:money|bond)?',
      "(?:i['’]?m|i am|he['’]?s|she['’]?s|(?:your )?(?:son|daughter|grandson|granddaughter)(?: is)?) (?:in jail|arrested|in (?:big |a lot of )?trouble|in the hospital|stranded|stuck)",
      // The grandchild opener: a caller who never says their name.
      "(?:grandma|grandpa|grandmother|grandfather|nana|granny)\\W{0,3}(?:hi,? )?it['’]?s me",
      "(?:it['’]?s|this is) (?:me,? )?your (?:\\w+ )?(?:grandson|granddaughter|grandchild)",
      "don['’]?t want (?:mom|dad|my (?:mom|dad|parents)) to know",
      "please don['’]?t (?:tell|call) (?:mom|dad|my (?:mom|dad|parents))",
      "(?:they['’]?re|they are|police are) holding (?:me|him|her|us|both of us)",
      'gag order',
      '(?:representing|represent) your (?:grandson|granddaughter|son|daughter|grandchild)',
      // Virtual kidnapping.
      'we have your (?:daughter|son|child|husband|wife|mother|father|grandson|granddaughter|kid)',
      '(?:want to|will never) see (?:her|him|them) again',
    ]),
  ),
  rule(
    'emotion.romance',
    'EMOTIONAL_MANIPULATION',
    'high',
    'Caller uses affection or hardship to ask for money.',
    anyOf([
      '(?:sweetheart|darling|my love|baby|honey|dear)\\b[^.?!]{0,80}?\\b(?:money|send|wire|flight|ticket|pay you back|stranded|stuck)',
      '(?:wallet|passport|bag) (?:was|got|has been) stolen',
      'stranded (?:in|at|here|overseas|abroad)',
      'stuck (?:overseas|abroad)',
      'help me get home',
      '(?:pay|paid) you back',
      "you['’]?re the only (?:one|person) i (?:trust|can (?:turn|count))",
      "(?:hate|don['’]?t like) (?:to ask|asking) you",
      'help me (?:out )?just this once',
      'pay (?:you )?back every (?:cent|penny|dollar)',
      '(?:customs|the airport|immigration) (?:is|are) holding',
      // Pig butchering: a sweetheart's trading app.
      '(?:app|platform|exchange|site) (?:my|an?) (?:uncle|aunt|cousin|friend|mentor) (?:showed|taught|told)',
      "(?:i|we)(?:['’]ll| will)? guide you step by step",
    ]),
  ),
];
