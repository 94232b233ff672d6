/**
 * Rules for what the caller wants: money by unusual means, secrets, control of a device (the
 * lures and stories used to get them are in rules-lure.ts). Pure: no runtime-specific imports.
 *
 * A match of these rules counts only where the request is in scope: not inside a denial ("we
 * will never ask for your PIN") and, for secrets, not after "my" (scope.ts).
 */
import { anyOf, type Rule, rule } from './rule-types';

/** Request and lure rules, compiled once at module load. */
export const ASK_RULES: readonly Rule[] = [
  rule(
    'payment.gift-card',
    'PAYMENT_DEMAND',
    'high',
    'Payment demanded in gift cards.',
    /\b(?:gift ?cards?|google play (?:cards?|codes?)|itunes (?:cards?|codes?)|steam (?:cards?|codes?)|apple (?:store )?cards?|ebay cards?|vanilla (?:visa|cards?)|(?:card|gift)['’]?s? (?:pin|claim|redemption) (?:code|number)|reload (?:card|pack)s?|green ?dot|(?:numbers|codes?) on the back of (?:the|those|each|these) cards?)\b/,
  ),
  rule(
    'payment.wire-crypto',
    'PAYMENT_DEMAND',
    'high',
    'Payment demanded by wire transfer, crypto or cash service.',
    /\b(?:wire (?:transfer|the (?:money|funds|payment)|money|it|\$|\d|two|three|five|a payment)|western union|moneygram|bitcoins?|btc|crypto(?:currency)?|bitcoin (?:atm|machine)|zelle|venmo|cash ?app|prepaid (?:debit )?cards?|money ?order|send (?:it )?(?:in )?cash|(?:courier|driver|someone|agent|friend|associate|messenger)(?: from (?:my|our) (?:office|firm|team))? (?:will|can|to|is going to) (?:come|stop by|pick (?:it |them )?up|collect)|(?:withdraw|take out) (?:\$?[\d,]+|(?:\w+ ){1,3}?(?:hundred|thousand))(?: dollars)? (?:in )?cash|send (?:it |the money |them |that )?(?:through|via|with) (?:the|this|that) app|(?:collect|pick up)[^.?!]{0,40}?\bcash|take out (?:everything|all|as much as|the money|cash)|withdraw (?:the |all |your )?(?:money|cash|savings|everything))\b/,
  ),
  rule(
    'payment.move-funds',
    'PAYMENT_DEMAND',
    'high',
    'Caller asks to move money to a "safe" account.',
    /\b(?:(?:safe|secure|protected|holding|government[- ]designated) (?:bank )?account|(?:move|transfer|send|deposit)[^.?!]{0,30}?\bnew (?:bank )?account|transfer (?:your|the|all (?:of )?(?:your|the)) (?:money|funds|balance|savings))\b/,
  ),
  rule(
    'payment.forward',
    'PAYMENT_DEMAND',
    'high',
    'Caller asks the callee to pass money on: deposit a check and send the rest elsewhere.',
    anyOf([
      '(?:send|wire|forward) (?:back )?(?:the rest|the remainder|the remaining (?:balance|amount)|the difference|most of it|it on)(?: of it)? (?:to|through|back|via)',
      String.raw`(?:deposit|cash) (?:it|the check|this check|the funds)[^.?!]{0,60}?\bsend`,
      String.raw`keep (?:\$?\d+|[a-z]+ hundred|the rest)(?: dollars)? (?:for|as) (?:your|yourself|payment|pay)`,
      "(?:we[’']ll|we will|i[’']ll|i will) (?:mail|send) you a check",
    ]),
  ),
  rule(
    'payment.over-phone',
    'PAYMENT_DEMAND',
    'medium',
    'Caller wants to take a card payment on this call, right now.',
    anyOf([
      '(?:take|process|accept) (?:your |the )?(?:payment|card|donation|credit card|debit card)(?: details)? (?:right now|now|over the phone)',
      '(?:take care of|settle|pay) (?:the |your |this )?(?:overdue |outstanding |past[- ]due )?(?:balance|payment|amount|bill) (?:with you )?(?:over the phone )?right now',
    ]),
  ),
  rule(
    'payment.fee',
    'PAYMENT_DEMAND',
    'medium',
    'Caller asks for a fee, fine or payment to release something.',
    /\b(?:(?:processing|release|handling|clearance|activation|transfer|service|customs|delivery|shipping|registration|recovery|visa|immigration|equipment|boarding|small) (?:fee|charge|deposit)|unpaid (?:shipping|delivery|customs|toll) (?:charges?|fees?)|(?:cover|pay(?: for)?|post|send) (?:the |a |your |any )?(?:court|legal|lawyer['’]?s?|attorney['’]?s?|bond|bail|clearance|customs|shipping|delivery|closing|transfer|release|processing|handling|registration|activation|recovery)(?: and (?:\w+ )?)? ?(?:costs?|fees?|charges?|money)|post(?:ing)? (?:a |the )?bond|minimum (?:deposit|investment|to (?:get )?start(?:ed)?)|(?:fees?|costs?|charges?|taxes) (?:have|has|need|needs|must) (?:to )?be paid (?:first|before|upfront|up front|today|now)|good[- ]faith (?:deposit|payment)|top (?:up|off) (?:your|the|my) (?:\w+ )?account|(?:cover|pay) (?:the )?taxes|pay (?:a |the |this |your )?(?:fine|penalty|back taxes|taxes owed|outstanding (?:amount|balance))|(?:if|unless) (?:the )?(?:payment|it|this|the (?:balance|amount|fee)) (?:is not|isn['’]?t|hasn['’]?t been) (?:paid|received)|(?:if|unless) (?:the )?payment is not|outstanding debt|(?:minimum )?deposit (?:of |at least )?(?:\$\s?\d|\d+ dollars|(?:a |one |two |three |five )?(?:hundred|thousand) dollars)|send (?:me |us |him |her )?(?:the )?(?:money|\$\s?\d|\d+ dollars|(?:a |one |two |three |five )?(?:hundred|thousand) dollars))\b/,
  ),
  rule(
    'sensitive.ssn',
    'SENSITIVE_INFO_REQUEST',
    'high',
    'Caller asks about a social security number.',
    /\b(?:social security (?:number|no)|ssn|national insurance number|(?:medicare|medicaid|member) (?:number|id number|card number)|number on your (?:red,? white,? and blue|medicare) card)\b/,
  ),
  rule(
    'sensitive.code',
    'SENSITIVE_INFO_REQUEST',
    'high',
    'Caller asks for a one-time code, PIN or password.',
    /\b(?:(?:verification|one[- ]time|otp|authentication|confirmation|access) (?:code|number|pin)|security (?:code|pin)|(?:code|number|digits|message) (?:we|that we|i|you) (?:just )?(?:sent|received|texted|got)|(?:send|sent|text|texted|sending) (?:you )?(?:a |an )?(?:\d+|four|five|six|eight)[- ]digit (?:number|code|pin)|read (?:it|that|them|the (?:number|code|digits))(?: back)? to me|(?:tell|give) me (?:that|the) (?:number|code|digits)|pin(?: number| code)?|passwords?|passcode|login (?:details|credentials|information)|username and password|mother['’]?s maiden name)\b/,
  ),
  rule(
    'sensitive.account',
    'SENSITIVE_INFO_REQUEST',
    'medium',
    'Caller asks for card or bank account details.',
    /\b(?:(?:credit|debit|bank)(?: card)? (?:number|details|information|info)|card number|account (?:number|details|credentials|information)|routing number|cvv|cvc|security code on the back|expiration date|expiry|sort code|bank details|(?:log ?in|sign in|open|access|go) (?:to |into |in )?your online banking|(?:read|tell|give|confirm)(?: me)? (?:the |your )?(?:long |full |16[- ]digit |sixteen[- ]digit )?(?:number|numbers|digits) on the (?:front|back) of (?:your|the) card|(?:three|3)[- ](?:digit )?(?:numbers?|digits|code) on the back)\b/,
  ),
  rule(
    'sensitive.identity',
    'SENSITIVE_INFO_REQUEST',
    'low',
    'Caller asks to verify personal identity details.',
    /\b(?:date of birth|verify (?:your|some) (?:identity|information|details|personal)|personal (?:information|details)|full name and address)\b/,
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
    /\b(?:(?:download|install|reinstall|re-install) (?:this|a|the|an|our) (?:\w+ )?(?:app|application|software|program|tool|file)|follow the link|(?:click|tap) (?:on )?(?:the|this) link|windows key|event viewer|command prompt|run (?:box|window|command)|type (?:in )?(?:www|the website|this website)|open (?:your|the) (?:browser|internet))\b/,
  ),
  rule(
    'remote.guide',
    'REMOTE_ACCESS',
    'high',
    'Caller has the callee sit at their computer and operate it on instruction.',
    anyOf([
      '(?:be |sit |get )?in front of (?:your|the) (?:computer|laptop|pc|desktop)',
      '(?:is|are) (?:your|the) (?:computer|laptop|pc) (?:on|turned on|switched on|in front of you)',
      '(?:turn|switch) on (?:your|the|a) (?:computer|laptop|pc)',
      'on your keyboard',
      '(?:control|ctrl|windows|alt|function|escape) key',
      '(?:error|warning) (?:reports|messages|signals) from your (?:computer|device|pc)',
      // Checks tech-support scripts run first: whose computer it is, what the screen shows.
      '(?:is (?:this|it)|is that) (?:your |a )?(?:personal|home|work|family|business|office) (?:computer|laptop|pc)',
      '(?:what|which) (?:do you see|does it say|is showing|can you see) on (?:your|the) (?:screen|computer|desktop)',
      '(?:bottom|top) (?:left|right)(?: corner| hand side| side)? of (?:your|the) (?:screen|keyboard)',
      '(?:start|windows) (?:button|menu|icon)',
      '(?:type|enter) (?:in )?(?:w w w|www|the following|this (?:address|website|link))',
    ]),
  ),
];
