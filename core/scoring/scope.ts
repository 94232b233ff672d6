/**
 * Scope of a request: whether words that name a secret, a payment or remote access are really
 * asked for. Pure: no runtime-specific imports.
 *
 * Why: a rule that matches "PIN" cannot tell "read me your PIN" from "we will never ask for
 * your PIN" or "I forgot my PIN". The first is the scam; the second is what legitimate callers
 * say to rule the scam out, and the third is a callee talking about their own account. So an
 * ask rule's match does not count when it falls
 * - inside a denial: from a denying phrase ("we will never ask", "don't share", "nothing you
 *   need to give") to the end of its clause, or
 * - after "my" or "I got a text with": the speaker's own secret ("I forgot my password"), not
 *   one asked of the callee, or
 * - on a payment the callee is given ("you'll receive a gift card") or made themselves ("the
 *   wire transfer you asked about").
 * A threat does not count right after a negation ("no police will be dispatched").
 * The denial itself is a counter-signal (`counter.never-ask`), built from the same words here.
 *
 * Both checks look only at the clause around the match, so a caller who denies one thing and
 * asks for another ("we never ask for your PIN, just read me the code we sent") still asks.
 */

import type { Rule } from './rule-types';
import type { SignalCategoryName } from './taxonomy';

/** How a rule's matches are scoped: not at all, as a request, a payment or a secret. */
export const NOT_SCOPED = 0;
export const REQUEST = 1;
export const PAYMENT = 2;
export const SECRET = 3;
export const THREAT = 4;
/** A problem the caller reports: counts only before the callee raised one of their own. */
export const PROBLEM = 5;

// Requests whose denial is a counter-signal. A payment is also out of scope when it is given
// to the callee ("you'll receive a $25 gift card"), a secret when it is the speaker's own.
const SCOPED: Partial<Record<SignalCategoryName, number>> = {
  PAYMENT_DEMAND: PAYMENT,
  REMOTE_ACCESS: REQUEST,
  SENSITIVE_INFO_REQUEST: SECRET,
  THREAT: THREAT,
};

/** True for the scope kinds of requests (payment, remote access, secrets), not threats. */
export function isRequest(kind: number): boolean {
  return kind === REQUEST || kind === PAYMENT || kind === SECRET;
}

/** The scope kind of a rule: its own when it names one, else its category's. */
export function scopeKind(rule: Rule): number {
  return rule.scope ?? SCOPED[rule.category] ?? NOT_SCOPED;
}

// The callee raising a problem of their own: "my card was stolen", "I lost my wallet",
// "someone hacked my email", "I'd like to cancel my subscription". After it, a caller who talks
// about the problem is handling the callee's request, not springing one on them.
const RAISED =
  /\b(?:my (?:\w+ ){0,2}?(?:account|card|computer|laptop|phone|package|order|password|email|router|wallet|identity|benefits|bill|subscription|membership|printer|purse|purchase|refund)s? (?:\w+ ){0,2}?(?:was|were|has been|have been|got|is|isn['’]?t|keeps?|won['’]?t|doesn['’]?t|stopped|never)|i (?:lost|forgot|have lost)|(?:someone|somebody) (?:hacked|stole|used|got into|accessed) my|i (?:was|got|have been|am being) (?:charged|billed|hacked|scammed)|i(?:['’]d like| would like| want| need) to (?:cancel|return|dispute|report|lock|freeze|close|change|reset)|i['’]?m calling (?:about|because|to report) my)/;

/** Negated verb forms: "will never", "won't", "do not", "am not"… */
export const NEGATION =
  "(?:will never|will not|would never|won['’]?t|do not|don['’]?t|does not|doesn['’]?t|did not|didn['’]?t|never|are not|aren['’]?t|am not|['’]m not|['’]re not|is not|isn['’]?t|should never|should not|shouldn['’]?t|must not|must never)";

/** Verbs of asking for something. */
export const ASK_VERB =
  '(?:ask|asking|request|requesting|need|needing|require|requiring|take|taking|accept|accepting|collect|collecting)';

/** What a denial protects: "never share this code". */
export const SECRET_NOUN = String.raw`(?:pins?|passwords?|passcodes?|codes?|card|cards|numbers?|details|information|otp)\b`;

/** Verbs of handing something over, as in "never share it". */
export const GIVE_VERB =
  '(?:share|sharing|give(?: out)?|giving|tell|read|disclose|provide|send|reveal|say|repeat)';

// Where a request is denied: the phrase, then the rest of its clause (CLAUSE_END, DENIAL_SPAN_MAX).
const DENIAL = new RegExp(
  [
    // "we will never ask", "I'm not asking", "Lakeshore Credit Union won't request"
    String.raw`\b${NEGATION}(?: ever)? ${ASK_VERB}`,
    // "no one from the bank will ever ask", "no legitimate company will call"
    String.raw`\b(?:no one|nobody|no (?:legitimate|real|genuine) (?:bank|company|agency|business|caller))(?: (?:from|at) \w+)?(?: will| would| should)?(?: ever)? (?:ask|request|call)`,
    // "never share this code", "don't give anyone your PIN": a secret is named right after, so
    // "don't tell anyone about this payment" (secrecy, a scam's own words) is no denial.
    String.raw`\b(?:never|do not|don['’]?t|you (?:should|must) (?:never|not)|you shouldn['’]?t)(?: ever)? ${GIVE_VERB}(?: (?:it|them|anyone|anybody))? (?:your |any |the |this |that |these |those )?(?:\w+ ){0,2}?${SECRET_NOUN}`,
    // "there's nothing you need to give me"
    String.raw`\bnothing (?:you need|you have|i need|we need|for you) to (?:give|share|provide|tell|confirm|read)`,
    String.raw`\bno (?:need|reason) to (?:share|give|provide|tell|read)`,
    // "there's no delivery charge"
    String.raw`\bno (?:\w+ )?(?:charge|fee|fees|cost|payment)\b`,
  ].join('|'),
  'g',
);

// What comes right before the speaker's own secret ("my PIN", "I just got a text with a code")
// or one the callee keeps to themselves ("change your password in the app", "Outlook keeps
// asking for your password").
const OWN_BEFORE =
  /\b(?:my(?: own)?|i(?: just)? (?:got|received|get|have|had) (?:a|an|this|the|some) (?:text|message|email|letter|notification|alert|call)(?: with| containing| saying| that says)?(?: a| an| the| this)?|(?:change|changing|reset|resetting|update|updating|create|creating|choose|choosing) (?:your|a|the)(?: new| own)?|(?:keeps?|kept) (?:asking|prompting)(?: me| you)? for (?:your|my|the|a)(?: new)?) $/;

// What comes right before a payment given, not asked for: "earn a $25 gift card".
const GIVEN_BEFORE =
  /\b(?:receive|earn|get|win|won|give you|send you|offering|offer you)(?: a| an| the| your)?(?: \$?[\d,.]+| free)?\s*$/;

// What comes right after a payment the callee made themselves: "the wire transfer you asked about".
const OWN_AFTER =
  /^ (?:that |which )?you (?:asked|requested|made|sent|set up|scheduled|initiated)\b/;

// A threat ruled out in the same breath: "no police will be sent", "you won't be charged".
const NEGATED_BEFORE = /\b(?:no|not|never|won['’]?t|will not)(?: be| get| have)?\s*$/;

// A condition is not a denial: "if you don't give me the code, your account will be closed".
const CONDITION_BEFORE = /\b(?:if|unless|or else|otherwise)(?: you| we)?\s*$/;

// A denial covers the rest of its clause, at most this many characters.
const DENIAL_SPAN_MAX = 100;
// Clause ends: sentence punctuation, or a turn to what the speaker does want.
const CLAUSE_END = /[.?!;]|\b(?:but|however|instead|just|only|so)\b/g;

/** Where ask-rule matches do not count, for one lower-cased transcript. */
export class RequestScope {
  /** Denied spans as [start, end) pairs, in order. */
  readonly denials: number[] = [];
  // Where the callee first raised a problem of their own (-1: not yet looked for).
  private raised = -1;

  constructor(private readonly lowered: string) {
    DENIAL.lastIndex = 0;
    for (let m = DENIAL.exec(lowered); m !== null; m = DENIAL.exec(lowered)) {
      const start = m.index;
      const before = lowered.slice(Math.max(0, start - 16), start);
      if (CONDITION_BEFORE.test(before)) continue;
      const from = start + m[0].length;
      CLAUSE_END.lastIndex = from;
      const end = CLAUSE_END.exec(lowered);
      this.denials.push(
        start,
        Math.min(end === null ? lowered.length : end.index, from + DENIAL_SPAN_MAX),
      );
    }
    DENIAL.lastIndex = 0;
    CLAUSE_END.lastIndex = 0;
  }

  /** Whether a match of a rule of scope `kind` at [start, end) counts. */
  counts(kind: number, start: number, end: number): boolean {
    if (kind === NOT_SCOPED) return true;
    if (kind === PROBLEM) return start < this.firstRaised();
    if (kind === THREAT)
      return !NEGATED_BEFORE.test(this.lowered.slice(Math.max(0, start - 16), start));
    if (this.denied(start)) return false;
    if (kind === SECRET) return !this.own(start);
    return !(kind === PAYMENT && (this.given(start) || this.ownPayment(end)));
  }

  /** Offset of the first problem the callee raised themselves, or the text length if none. */
  firstRaised(): number {
    if (this.raised < 0) {
      const m = RAISED.exec(this.lowered);
      this.raised = m === null ? this.lowered.length : m.index;
    }
    return this.raised;
  }

  /** True when a payment match ending at `end` is one the callee made ("you asked about"). */
  ownPayment(end: number): boolean {
    return OWN_AFTER.test(this.lowered.slice(end, end + 32));
  }

  /** True when a payment match at `start` is something the callee is given. */
  given(start: number): boolean {
    return GIVEN_BEFORE.test(this.lowered.slice(Math.max(0, start - 28), start));
  }

  /** True when a match starting at `start` is inside a denial. */
  denied(start: number): boolean {
    const d = this.denials;
    for (let i = 0; i < d.length; i += 2) if (start >= d[i]! && start < d[i + 1]!) return true;
    return false;
  }

  /** True when a secret starting at `start` is the speaker's own ("my PIN", "I got a text with a code"). */
  own(start: number): boolean {
    return OWN_BEFORE.test(this.lowered.slice(Math.max(0, start - 48), start));
  }
}
