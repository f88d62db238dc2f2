// server/memory.ts's OptimisingTier: the optimising compiler stays off after tuneV8() and is
// switched on by the first big document or by enough diagnostics work. The V8 side is checked
// with V8's own test hooks (natives syntax): a function asked to optimise on its next call is
// optimised only once the tier is on. (Its own file: V8 flags are process-wide.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import { OPTIMISE_AFTER_MS, OPTIMISE_AT_CHARS, OptimisingTier, tuneV8 } from '../../server/memory';

v8.setFlagsFromString('--allow-natives-syntax');
// %GetOptimizationStatus bit 4: the function runs optimised code
const OPTIMISED = 1 << 4;
const forceOptimise = new Function('f', 'arg', '%PrepareFunctionForOptimization(f); f(arg); f(arg); %OptimizeFunctionOnNextCall(f); f(arg); return %GetOptimizationStatus(f);') as (f: (s: string) => number, arg: string) => number;

function makeHot(): (s: string) => number {
  // a fresh closure each time, so no earlier optimisation carries over
  return new Function('s', 'let h = 0; for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return h;') as (s: string) => number;
}

test('no optimised code after tuneV8; the first document of OPTIMISE_AT_CHARS switches the optimising tier on', () => {
  tuneV8();
  const tier = new OptimisingTier();
  assert.equal(forceOptimise(makeHot(), 'abc') & OPTIMISED, 0, 'optimised although the tier is off');
  tier.document(OPTIMISE_AT_CHARS - 1);
  assert.equal(tier.enabled, false, 'a document just under the size leaves it off');
  assert.equal(forceOptimise(makeHot(), 'abc') & OPTIMISED, 0);
  tier.document(OPTIMISE_AT_CHARS);
  assert.equal(tier.enabled, true);
  assert.notEqual(forceOptimise(makeHot(), 'abc') & OPTIMISED, 0, 'not optimised after the switch');
});

test('diagnostics work adds up to the switch', () => {
  const tier = new OptimisingTier();
  tier.worked(OPTIMISE_AFTER_MS / 2);
  assert.equal(tier.enabled, false);
  tier.worked(OPTIMISE_AFTER_MS / 2);
  assert.equal(tier.enabled, true);
});
