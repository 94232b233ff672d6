/**
 * Rules for the product decision of issue #22: a caller who names a well-known company, bank
 * or agency and reports a problem with the callee's account, order, device, benefits or
 * identity that the callee did not raise. Pure: no runtime-specific imports.
 *
 * Why: scam-bait recordings open this way (a fake Amazon order, a hacked account, a renewal
 * to refund, a suspended Social Security number) and often ask for nothing until minutes in.
 * A real support line handling the callee's own request greets the same way but reports no
 * problem of its own; when the callee raised it first ("my card was stolen", "I'd like to
 * cancel"), the report does not count (scope.ts, PROBLEM).
 */

import { anyOf, type Rule, rule } from './rule-types';
import { PROBLEM } from './scope';

/** Companies, banks and agencies whose names scammers borrow (lower case, regex source). */
export const NAMED_BRANDS = [
  'amazon(?: prime)?',
  'apple',
  'icloud',
  'microsoft',
  'windows',
  'google',
  'paypal',
  'venmo',
  'zelle',
  'cash app',
  'coinbase',
  'binance',
  'netflix',
  'facebook',
  'ebay',
  'walmart',
  'best buy',
  'geek squad',
  'costco',
  'norton',
  'mcafee',
  'lifelock',
  'avast',
  'dell',
  'verizon(?: wireless)?',
  'at&t',
  'at and t',
  't-mobile',
  'comcast',
  'xfinity',
  'spectrum',
  'fedex',
  'dhl(?: express)?',
  'usps',
  '(?:the )?(?:us |united states )?postal service',
  'chase',
  'wells fargo',
  'bank of america',
  'citibank',
  'capital one',
  'american express',
  'navy federal',
  'social security(?: administration| office)?',
  'medicare',
  'internal revenue service',
  'irs',
] as const;

const BRAND = `(?:${NAMED_BRANDS.join('|')})`;

// Things of the callee's a problem can be reported about.
const THING = String.raw`(?:accounts?|cards?|computer|device|laptop|pc|phone|iphone|ip(?: address)?|network|router|wi-?fi|apple id|icloud|email|social security number|social|ssn|identity|benefits|license|licen[cs]e key|subscription|membership|plan|warranty|wallet|funds|money|savings|bitcoin|package|parcel|order|tax return|taxes|number|information|details|data|photos|files|credit|internet|system)`;
// What happened to it.
const HAPPENED = String.raw`(?:hacked|compromised|breached|suspended|locked|blocked|frozen|flagged|infected|expired|renewed|auto-?renewed|seized|stopped|put on hold|on hold|cancell?ed|misused|stolen|at risk|in danger|deactivated|disabled|exposed|leaked|used (?:for|in|to|by)|linked to|involved in)`;

/** The identity and problem rules, compiled once at module load. */
export const IDENTITY_RULES: readonly Rule[] = [
  rule(
    'authority.named-company',
    'AUTHORITY_IMPERSONATION',
    'medium',
    'Caller names a well-known company, bank or agency as who they are.',
    anyOf([
      String.raw`(?:this is|it['’]?s|calling (?:you )?from|calling on behalf of|(?:i am|i['’]m|we are|we['’]re) (?:calling )?from|here (?:at|from)|thank you for calling|thanks for calling|welcome to|you['’]ve reached|you have reached|this (?:call|message) is from|a (?:call|message|notice|notification) from)(?: the| your)? ${BRAND}`,
      String.raw`${BRAND} (?:support|security|fraud|billing|customer|technical|department|team|help ?desk|services|calling)`,
    ]),
  ),
  rule(
    'threat.unraised-problem',
    'THREAT',
    'medium',
    "Caller reports a problem with the callee's account, order, device, benefits or identity that the callee did not raise.",
    anyOf([
      // "your Norton antivirus subscription was renewed", "your Social Security number has been suspended"
      String.raw`your (?:\w+ ){0,3}?${THING}(?: \w+){0,3}? (?:has|have|had|was|were|is|are|will be|got)(?: been| being| now| currently)?(?: automatically| just| already)? ${HAPPENED}`,
      // "an order placed on your account", "a charge of 499 dollars for bitcoin on your PayPal account"
      String.raw`(?:orders?|purchases?|charges?|transactions?|payments?|withdrawals?|log-?ins?|sign-?ins?|transfers?|activity) (?:\w+ ){0,8}?(?:on|to|from|in|against) your (?:\w+ ){0,2}?(?:account|card|name|computer|device|number|wallet)`,
      // "we've detected several unauthorized transactions", "our records show you owe back taxes"
      String.raw`(?:we|we['’]ve|we have|our (?:system|systems|records|team|security team|server|servers|department)) (?:have |has )?(?:detected|noticed|found|flagged|received|seen|shows?|see|can see)[^.?!]{0,50}?\b(?:suspicious|unauthori[sz]ed|fraudulent|unusual|illegal|viruse?s?|malware|hack(?:ers?|ed)?|problems?|errors?|owe|owing|back taxes)`,
      // "someone has access to your online banking", "someone tried to withdraw your bitcoin"
      String.raw`someone (?:has |had |is |was |has been |just )?(?:access(?:ed)?|logged|log in|tried|trying|using|used|hacked|stole|opened|withdr[ae]w|attempted|requested|made|placed|downloaded)\b[^.?!]{0,50}?\byour\b`,
      // "a package in your name has been seized", "a case filed against your name"
      String.raw`(?:package|parcel|shipment|case|warrant|lawsuit|accounts?|loan|credit card)s? (?:\w+ ){0,3}?(?:in|under|against) your name`,
      // "a problem with your tax return", "suspicious activity on your account"
      String.raw`(?:problem|issue|discrepancy|irregularit(?:y|ies)|suspicious activity|fraudulent activity) (?:\w+ ){0,2}?(?:with|on|in|regarding|involving) your (?:\w+ ){0,2}?(?:account|card|computer|device|benefits|tax(?:es| return)?|social security|ssn|identity|number|credit|license|name)`,
    ]),
    PROBLEM,
  ),
];
