import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { z } from 'zod';
import { OPS, requestBodySchemas, responseBodySchemas } from '../src/index.ts';
import { partCases, requestCases, responseCases, type BodyCase } from './fixtures.ts';

const directions = [
  ['request', requestBodySchemas, requestCases],
  ['response', responseBodySchemas, responseCases],
] as const;

function firstPath(schema: z.ZodType, body: unknown): string {
  const result = schema.safeParse(body);
  assert.equal(result.success, false, 'expected the body to be refused');
  return result.error!.issues[0]!.path.join('.');
}

/** The happy case, then one missing, one extra, one mistyped and one oversize field. */
function describeCases(name: string, schema: z.ZodType, c: BodyCase) {
  test(`${name}: valid passes`, () => {
    assert.deepEqual(schema.parse(c.valid), c.valid);
  });
  test(`${name}: missing ${c.missing} refused`, () => {
    assert.ok(c.missing in c.valid);
    const { [c.missing]: _gone, ...body } = c.valid;
    assert.equal(firstPath(schema, body), c.missing);
  });
  test(`${name}: extra field refused`, () => {
    assert.equal(schema.safeParse({ ...c.valid, extra: 1 }).success, false);
  });
  test(`${name}: mistyped ${c.mistyped[0]} refused`, () => {
    const [key, value] = c.mistyped;
    assert.match(firstPath(schema, { ...c.valid, [key]: value }), new RegExp(`^${key}`));
  });
  test(`${name}: oversize ${c.oversize[0]} refused`, () => {
    const [key, value] = c.oversize;
    assert.match(firstPath(schema, { ...c.valid, [key]: value }), new RegExp(`^${key}`));
  });
}

for (const [direction, schemas, cases] of directions) {
  describe(`${direction} bodies`, () => {
    for (const op of OPS) describeCases(op, schemas[op], cases[op]);
  });
}

describe('frames and the named parts of bodies', () => {
  for (const [name, [schema, c]] of Object.entries(partCases)) describeCases(name, schema, c);
});

describe('indicium request cross-field rules', () => {
  const base = requestCases.indicium.valid;
  const parse = (patch: Record<string, unknown>) => requestBodySchemas.indicium.safeParse({ ...base, ...patch });

  test('a test print needs TEST and postage 0', () => {
    assert.equal(parse({ kind: 'test', postage: 0, rateCategory: 'TEST' }).success, true);
    assert.equal(parse({ kind: 'test', postage: 1, rateCategory: 'TEST' }).success, false);
    assert.equal(parse({ kind: 'test', postage: 0, rateCategory: 'FCLT' }).success, false);
  });
  test('postage needs a paid category and at least 1 mill', () => {
    for (const rateCategory of ['PRIO', 'GADV', 'PMEX']) assert.equal(parse({ postage: 1, rateCategory }).success, true, rateCategory);
    assert.equal(parse({ postage: 0 }).success, false);
    assert.equal(parse({ rateCategory: 'TEST' }).success, false);
  });
  test('unknown kind names the kind field', () => {
    const result = parse({ kind: 'free' });
    assert.equal(result.success, false);
    assert.deepEqual(result.error!.issues[0]!.path, ['kind']);
  });
  test('destinationZip is optional and checked when present', () => {
    const { destinationZip: _zip, ...noZip } = base;
    assert.equal(requestBodySchemas.indicium.safeParse(noZip).success, true);
    assert.equal(parse({ destinationZip: '94102-12' }).success, false);
  });
  test('mailDate must be a real date', () => {
    assert.equal(parse({ mailDate: '2026-02-29' }).success, false);
    assert.equal(parse({ mailDate: '2028-02-29' }).success, true);
  });
});

describe('other field rules', () => {
  test('weightOz: finite, above 0, at most 1120; class limits are not the schema’s', () => {
    const base = requestCases.ratesQuote.valid;
    const ok = (weightOz: unknown) => requestBodySchemas.ratesQuote.safeParse({ ...base, weightOz }).success;
    assert.equal(ok(1120), true);
    assert.equal(ok(13.5), true); // heavier than any letter: still the rates service's call
    assert.equal(ok(0), false);
    assert.equal(ok(-1), false);
    assert.equal(ok(Number.POSITIVE_INFINITY), false);
    assert.equal(ok(Number.NaN), false);
  });
  test('ratesQuote: dimensionsIn is optional; a SPEC-only body (no extension field) still passes', () => {
    const { dimensionsIn: _gone, ...spec } = requestCases.ratesQuote.valid;
    assert.equal(requestBodySchemas.ratesQuote.safeParse({ ...spec, mailClass: 'priority-mail' }).success, true);
    assert.equal(requestBodySchemas.ratesQuote.safeParse({ ...spec, dimensionsIn: { length: 1, width: 1 } }).success, false);
    const { dimensionalWeightLb: _lb, ...answer } = responseCases.ratesQuote.valid;
    assert.equal(responseBodySchemas.ratesQuote.safeParse({ ...answer, rateCategory: 'PMEX' }).success, true);
    assert.equal(responseBodySchemas.ratesQuote.safeParse({ ...answer, rateCategory: 'TEST' }).success, false);
  });
  test('purchase amount is at least 1 mill', () => {
    const base = requestCases.purchase.valid;
    assert.equal(requestBodySchemas.purchase.safeParse({ ...base, amount: 0 }).success, false);
    assert.equal(requestBodySchemas.purchase.safeParse({ ...base, amount: 2 ** 32 - 1 }).success, true);
  });
  test('login answer takes a null lastPiece', () => {
    const body = { ...responseCases.login.valid, pieces: 0, lastPiece: null };
    assert.equal(responseBodySchemas.login.safeParse(body).success, true);
  });
  test('amsMatch address may have empty secondary and zip, not an empty street', () => {
    const candidate = (address: Record<string, string>) => ({ status: 'exact', candidates: [{ address, matchType: 'exact', score: 1 }] });
    const address = { street: '650 TURK ST', secondary: '', city: 'SAN FRANCISCO', state: 'CA', zip: '' };
    assert.equal(responseBodySchemas.amsMatch.safeParse(candidate(address)).success, true);
    assert.equal(responseBodySchemas.amsMatch.safeParse(candidate({ ...address, street: '' })).success, false);
  });
  test('a body carrying __proto__ is refused, not merged', () => {
    const body = JSON.parse(`{"clientNonce":"${requestCases.hello.valid.clientNonce}","__proto__":{"polluted":1}}`);
    assert.equal(requestBodySchemas.hello.safeParse(body).success, false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
