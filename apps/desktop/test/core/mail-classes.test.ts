// The one mail-class table: every class of the wire contract is in it, and its placeholder flag is
// the vault's rate deck's (the deck in effect today), so the UI never calls a placeholder price published.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAIL_CLASSES } from '@vbi/protocol';
import { deckInEffect, loadRateDecks } from '../../../vault/src/services/rates/deck.ts';
import { describeDeck } from '../../../vault/src/services/rates/quote.ts';
import { MAIL_CLASS_TABLE } from '../../src/shared/mail-classes.ts';

test('the table has every mail class, each with the rate category and placeholder flag of the deck', () => {
  assert.deepEqual(Object.keys(MAIL_CLASS_TABLE).sort(), [...MAIL_CLASSES].sort());
  const deck = deckInEffect(loadRateDecks(), new Date().toISOString().slice(0, 10));
  assert.ok(deck, 'a rate deck is in effect today');
  const placeholders = new Set(describeDeck(deck).placeholders.map((p) => p.mailClass));
  for (const [mailClass, info] of Object.entries(MAIL_CLASS_TABLE)) {
    assert.equal(info.placeholder, placeholders.has(mailClass), `${mailClass}: placeholder flag`);
    const table: { rateCategory: string } | undefined = deck.classes[mailClass as keyof typeof deck.classes];
    assert.ok(table, `${mailClass}: priced by the deck in effect`);
    assert.equal(info.rateCategory, table.rateCategory, `${mailClass}: rate category`);
  }
});
