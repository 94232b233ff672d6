/**
 * Rules for what the caller wants: money by unusual means, secrets, control of a device,
 * and the lures and emotional stories used to get them. Pure: no runtime-specific imports.
 */
import { type Rule, rule } from './rule-types';

/** Request and lure rules, compiled once at module load. */
export const ASK_RULES: readonly Rule[] = [
  rule(
    'payment.gift-card',
    'PAYMENT_DEMAND',
    'high',
    'Payment demanded in gift cards.',
    /\b(?:gift ?cards?|google play (?:cards?|codes?)|itunes (?:cards?|codes?)|steam (?:cards?|codes?)|apple (?:store )?cards?|ebay cards?|vanilla (?:visa|cards?)|(?:card|gift)['’]?s? (?:pin|claim|redemption) (?:code|number))\b/,
  ),
  rule(
    'payment.wire-crypto',
    'PAYMENT_DEMAND',
    'high',
    'Payment demanded by wire transfer, crypto or cash service.',
    /\b(?:wire (?:transfer|the (?:money|funds|payment)|money|it|\$|\d|two|three|five|a payment)|western union|moneygram|bitcoins?|btc|crypto(?:currency)?|bitcoin (?:atm|machine)|zelle|venmo|cash ?app|prepaid (?:debit )?cards?|money ?order|send (?:it )?(?:in )?cash|courier (?:will|to) (?:pick|collect))\b/,
  ),
  rule(
    'payment.move-funds',
    'PAYMENT_DEMAND',
    'high',
    'Caller asks to move money to a "safe" account.',
    /\b(?:(?:safe|secure|protected|holding|new|government[- ]designated) (?:bank )?account|transfer (?:your|the|all (?:of )?(?:your|the)) (?:money|funds|balance|savings))\b/,
  ),
  rule(
    'payment.fee',
    'PAYMENT_DEMAND',
    'medium',
    'Caller asks for a fee, fine or payment to release something.',
    /\b(?:(?:processing|release|handling|clearance|activation|transfer|service|customs|delivery|registration|small) fee|pay (?:a |the |this |your )?(?:fine|penalty|back taxes|taxes owed|outstanding (?:amount|balance))|(?:if|unless) (?:the )?payment is not|outstanding debt|(?:minimum )?deposit (?:of |at least )?(?:\$\s?\d|\d+ dollars|(?:a |one |two |three |five )?(?:hundred|thousand) dollars)|send (?:me |us |him |her )?(?:the )?(?:money|\$\s?\d|\d+ dollars|(?:a |one |two |three |five )?(?:hundred|thousand) dollars))\b/,
  ),
  rule(
    'sensitive.ssn',
    'SENSITIVE_INFO_REQUEST',
    'high',
    'Caller asks about a social security number.',
    /\b(?:social security (?:number|no)|ssn)\b/,
  ),
  rule(
    'sensitive.code',
    'SENSITIVE_INFO_REQUEST',
    'high',
    'Caller asks for a one-time code, PIN or password.',
    /\b(?:(?:verification|one[- ]time|security|otp|authentication|confirmation|access) (?:code|number|pin)|code (?:we|that we|i|you) (?:just )?(?:sent|received|texted|got)|pin(?: number| code)?|passwords?|passcode|login (?:details|credentials|information)|username and password|mother['’]?s maiden name)\b/,
  ),
  rule(
    'sensitive.account',
    'SENSITIVE_INFO_REQUEST',
    'medium',
    'Caller asks for card or bank account details.',
    /\b(?:(?:credit|debit|bank)(?: card)? (?:number|details|information|info)|card number|account (?:number|details|credentials|information)|routing number|cvv|cvc|security code on the back|expiration date|bank details|online banking)\b/,
  ),
  rule(
    'sensitive.identity',
    'SENSITIVE_INFO_REQUEST',
    'low',
    'Caller asks to verify personal identity details.',
    /\b(?:date of birth|verify your (?:identity|information|details|personal)|personal (?:information|details)|full name and address)\b/,
  ),
  rule(
    'remote.tool',
    'REMOTE_ACCESS',
    'high',
    'Caller asks for remote access to a computer or phone.',
    /\b(?:teamviewer|team viewer|anydesk|any desk|ultraviewer|ultra viewer|logmein|supremo|quick ?support|remote (?:access|desktop|control|support|connection|session)|(?:access|connect) (?:to )?your (?:computer|device|pc|laptop|screen)|control of your (?:computer|device|screen|pc)|share your screen|screen ?shar(?:e|ing)|connect (?:to (?:it|your (?:computer|system|machine)) )?remotely|remotely (?:connect|access|fix|log))\b/,
  ),
  rule(
    'remote.install',
    'REMOTE_ACCESS',
    'medium',
    'Caller walks the callee through installing or running something.',
    /\b(?:(?:download|install) (?:this|a|the|an|our) (?:app|application|software|program|tool|file)|windows key|event viewer|command prompt|run (?:box|window|command)|type (?:in )?(?:www|the website|this website)|open (?:your|the) (?:browser|internet))\b/,
  ),
  rule(
    'lure.prize',
    'TOO_GOOD_TO_BE_TRUE',
    'high',
    'Caller announces a prize, win or selection.',
    /\b(?:you(?:['’]ve| have)? (?:won|been (?:selected|chosen|approved|pre-?approved))|congratulations|sweepstakes|lottery|jackpot|(?:cash )?prize|free (?:gift|cruise|vacation|trip|iphone|money))\b/,
  ),
  rule(
    'lure.money',
    'TOO_GOOD_TO_BE_TRUE',
    'medium',
    'Caller offers a refund, grant, debt relief or guaranteed return.',
    /\b(?:guaranteed (?:returns?|profits?|approval|income)|government grant|grant (?:of|money)|(?:eligible|qualify|qualified) for (?:a |an )?(?:refund|grant|reduction|lower|additional|special|free)|lower (?:your )?interest rate|reduce your (?:debt|interest|payments)|at no (?:extra |additional )?cost|no cost to you|risk[- ]free|double your (?:money|investment)|investment opportunity|refund (?:of|amount)|entitled to (?:a )?(?:refund|compensation)|(?:\d+|hundred) percent (?:gains?|returns?|profits?)|completely guaranteed|crypto trading|trading platform)\b/,
  ),
  rule(
    'lure.refund',
    'TOO_GOOD_TO_BE_TRUE',
    'low',
    'Caller offers the callee a refund, rebate or cashback.',
    /\b(?:your (?:refund|rebate|cash ?back)|(?:refund|rebate|cash ?back) (?:of|amount|check|cheque|department|process(?:ing)?|to you|for you)|(?:refund|reimburse|compensate|credit) you\b|refund your|(?:issue|issuing|give|giving|send|sending|process|processing) you (?:a |the |your )?(?:full )?(?:refund|rebate|cash ?back)|you(?: are|['’]re| will be|['’]ll be)? (?:owed|entitled to|eligible for|due) (?:a |an )?(?:full )?(?:refund|rebate|cash ?back)|refunded to you)\b/,
  ),
  rule(
    'emotion.family-trouble',
    'EMOTIONAL_MANIPULATION',
    'high',
    'Caller describes a loved one in trouble who needs money.',
    /\b(?:(?:grandma|grandpa|grandmother|grandfather|nana)\b[^.?!]{0,60}?\b(?:jail|trouble|accident|hospital|arrested|bail|lawyer)|bail (?:money|bond)?|(?:i['’]?m|i am|he['’]?s|she['’]?s|(?:your )?(?:son|daughter|grandson|granddaughter)(?: is)?) (?:in jail|arrested|in (?:big )?trouble|in the hospital|stranded|stuck)|please don['’]?t tell (?:mom|dad|my parents))\b/,
  ),
  rule(
    'emotion.romance',
    'EMOTIONAL_MANIPULATION',
    'high',
    'Caller uses affection or hardship to ask for money.',
    /\b(?:(?:sweetheart|darling|my love|baby|honey)\b[^.?!]{0,80}?\b(?:money|send|wire|flight|ticket|pay you back|stranded|stuck)|(?:wallet|passport|bag) (?:was|got|has been) stolen|stranded (?:in|at|here|overseas|abroad)|stuck (?:overseas|abroad)|help me get home|pay you back|you['’]?re the only (?:one|person) i (?:trust|can (?:turn|count)))\b/,
  ),
];
