import { describe, expect, it } from 'vitest';
import {
  engineLogit,
  fuseLogits,
  MODEL_FLOOR,
  modelTerm,
  NO_LEVER_CEILING,
  SHAPE_FLOOR,
} from '#core/scoring/fuse';
import { matchRules } from '#core/scoring/match';
import { MODEL_WEIGHTS, modelScore } from '#core/scoring/model';
import { RULE_BIAS, ruleLogit } from '#core/scoring/rule-score';

const params = { bias: 0, rules: 1, model: 5 };

describe('fusion guards', () => {
  it('lets wording lift a call with no ask or lever up to the ceiling, never past it', () => {
    const lifted = fuseLogits(RULE_BIAS, 3, { scamShape: false, lever: false }, params);
    expect(lifted).toBeCloseTo(NO_LEVER_CEILING);
    // Rules that reach above the ceiling on their own keep their score; the model adds nothing.
    expect(fuseLogits(-0.5, 3, { scamShape: false, lever: false }, params)).toBe(-0.5);
    // It may still lower such a call.
    expect(fuseLogits(-0.5, -1, { scamShape: false, lever: false }, params)).toBe(-5.5);
    // With a lever it has its full say.
    expect(fuseLogits(RULE_BIAS, 3, { scamShape: false, lever: true }, params)).toBe(
      RULE_BIAS + 15,
    );
  });

  it('never lets the model erase a scam shape by more than SHAPE_FLOOR', () => {
    expect(fuseLogits(2, -1, { scamShape: true, lever: true }, params)).toBe(2 - SHAPE_FLOOR);
  });

  it('floors the evidence and damps a scam vote per counter-signal', () => {
    expect(modelTerm(-4, 0)).toBe(MODEL_FLOOR);
    expect(modelTerm(1, 1)).toBeCloseTo(0.3);
    expect(modelTerm(1, 5)).toBeCloseTo(0.3 ** 3);
  });

  it('leaves the rules score as it is when the model has no evidence', () => {
    const hits = matchRules('Buy gift cards and read me the numbers on the back of the cards.');
    expect(engineLogit(hits, 0, params)).toBe(ruleLogit(hits));
  });
});

describe('model evidence', () => {
  it('is the log-odds the words add to the model bias', () => {
    const r = modelScore('we detected a virus, give me remote access to your computer');
    expect(r.evidence).toBeCloseTo(r.logit - MODEL_WEIGHTS.bias, 12);
    // Words the model never saw add nothing: an unfamiliar call is not pulled towards "safe".
    expect(modelScore('zzqx vvlorp').evidence).toBe(0);
  });
});
