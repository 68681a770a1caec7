import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  CARD_FIELDS,
  cardsMap,
  editCardText,
  groupCards,
  moveCard,
  ROOT,
  selectCards,
  type Actor,
  type CardSnapshot,
  type RuleId,
} from '../src/index';
import { ALICE, attempt, BOB, FACILITATOR, PROPERTY_RUNS, receive, serverBoard, stateOf, wholeCard, wholeTheme, writeRawCard } from './helpers';

/** One forbidden change Bob (a participant) tries, on a target card he did not write. */
type Attack = { rule: RuleId; name: string; run: (doc: Y.Doc, target: CardSnapshot, own: CardSnapshot) => void };

const cardOf = (doc: Y.Doc, card: CardSnapshot) => cardsMap(doc).get(card.id) as Y.Map<unknown>;
/** Alice's theme, made by grouping her first two cards. */
const THEME_ID = 'theme-alice';
const themeOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(ROOT.themes).get(THEME_ID) as Y.Map<unknown>;
const textOf = (doc: Y.Doc, card: CardSnapshot) => cardOf(doc, card).get('text') as Y.Text;

function attacks(position: number, text: string, name: string): Attack[] {
  return [
    { rule: 'R7', name: 'insert into text', run: (doc, target) => textOf(doc, target).insert(position % (target.text.length + 1), text || 'x') },
    { rule: 'R7', name: 'delete from text', run: (doc, target) => textOf(doc, target).delete(position % target.text.length, 1) },
    { rule: 'R7', name: 'replace text', run: (doc, target) => cardOf(doc, target).set('text', new Y.Text(text)) },
    { rule: 'R8', name: 'delete card', run: (doc, target) => cardsMap(doc).delete(target.id) },
    { rule: 'R6', name: 'change own authorId', run: (doc, _target, own) => cardOf(doc, own).set('authorId', ALICE.participantId) },
    { rule: 'R6', name: 'change createdAt', run: (doc, target) => cardOf(doc, target).set('createdAt', position) },
    { rule: 'R8', name: 'overwrite card', run: (doc, target) => writeRawCard(doc, target.id, wholeCard(target.id, BOB.participantId)) },
    { rule: 'R5', name: 'card in another name', run: (doc) => writeRawCard(doc, `c-${name}`, wholeCard(`c-${name}`, ALICE.participantId)) },
    { rule: 'R2', name: 'promote self', run: (doc) => doc.getMap<Y.Map<unknown>>(ROOT.participants).get(BOB.participantId)?.set('role', 'facilitator') },
    { rule: 'R3', name: 'rename board', run: (doc) => doc.getMap(ROOT.board).set('title', text) },
    { rule: 'R1', name: 'unknown root', run: (doc) => doc.getMap(`x-${name}`).set('k', text) },
    { rule: 'R9', name: 'invalid column', run: (doc, target) => cardOf(doc, target).set('column', `col-${name}`) },
    { rule: 'R9', name: 'remove order', run: (doc, target) => cardOf(doc, target).delete('order') },
    { rule: 'R4', name: 'unknown field', run: (doc, target) => cardOf(doc, target).set(CARD_FIELDS.includes(name as never) ? `${name}!` : name || 'x', 1) },
    { rule: 'R41', name: 'theme in another name', run: (doc) => writeRawCard(doc, `t-${name}`, wholeTheme(`t-${name}`, ALICE.participantId), ROOT.themes) },
    { rule: 'R41', name: 'replace theme title', run: (doc) => themeOf(doc).set('title', new Y.Text(text)) },
    { rule: 'R41', name: 'change theme author', run: (doc) => themeOf(doc).set('authorId', BOB.participantId) },
    { rule: 'R41', name: 'invalid collapsed', run: (doc) => themeOf(doc).set('collapsed', text) },
    { rule: 'R41', name: 'remove theme order', run: (doc) => themeOf(doc).delete('order') },
    { rule: 'R41', name: 'nest in theme title', run: (doc) => (themeOf(doc).get('title') as Y.Text).insertEmbed(0, { x: 1 }) },
    { rule: 'R42', name: "delete someone's theme", run: (doc) => doc.getMap(ROOT.themes).delete(THEME_ID) },
    { rule: 'R43', name: 'card into a theme that never was', run: (doc, target) => cardOf(doc, target).set('theme', `never-${name}`) },
    { rule: 'R43', name: 'invalid theme order', run: (doc, target) => cardOf(doc, target).set('themeOrder', `${name}0`) },
  ];
}

/** Honest changes Bob may make, mixed into the same update as the attack. */
const honestPrefixes: ((doc: Y.Doc, target: CardSnapshot, own: CardSnapshot) => void)[] = [
  () => undefined,
  (doc) => addCard(doc, BOB, { column: 'lessons-learned', text: 'honest' }),
  (doc, target) => moveCard(doc, BOB, target.id, { column: 'future-considerations', index: 0 }),
  (doc, _target, own) => editCardText(doc, BOB, own.id, { index: 0, deleteCount: 0, insert: '>' }),
];

function seedBoard(texts: readonly { author: Actor; text: string }[]): Y.Doc {
  const server = serverBoard();
  for (const { author, text } of texts) {
    const update = attempt(server, (doc) => addCard(doc, author, { column: 'went-well', text }));
    expect(receive(server, update, author)).toMatchObject({ ok: true });
  }
  const [first, second] = selectCards(server);
  const grouping = attempt(server, (doc) => groupCards(doc, ALICE, (first as CardSnapshot).id, (second as CardSnapshot).id, { random: Math.random, newId: () => THEME_ID }));
  expect(receive(server, grouping, ALICE)).toMatchObject({ ok: true });
  return server;
}

describe('rule gate against a hostile participant', () => {
  it('[R12] any forbidden change, alone or mixed with honest ones, is refused whole and the board is unchanged', () => {
    const author = fc.constantFrom(ALICE, FACILITATOR);
    fc.assert(
      fc.property(
        fc.array(fc.record({ author, text: fc.string({ minLength: 1, maxLength: 12 }) }), { minLength: 2, maxLength: 4 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.string({ maxLength: 6 }),
        fc.nat({ max: attacks(0, '', '').length - 1 }),
        fc.nat({ max: honestPrefixes.length - 1 }),
        (written, ownText, position, text, attackIndex, prefixIndex) => {
          const server = seedBoard([...written, { author: BOB, text: ownText }]);
          const cards = selectCards(server);
          const own = cards.find((card) => card.authorId === BOB.participantId) as CardSnapshot;
          const others = cards.filter((card) => card.authorId !== BOB.participantId);
          const target = others[position % others.length] as CardSnapshot;
          const attack = attacks(position, text, String(position)).at(attackIndex) as Attack;
          const update = attempt(server, (doc) => {
            honestPrefixes[prefixIndex]?.(doc, target, own);
            attack.run(doc, target, own);
          });
          const before = stateOf(server);
          const verdict = receive(server, update, BOB);
          expect({ attack: attack.name, verdict }).toMatchObject({ attack: attack.name, verdict: { ok: false, rule: attack.rule } });
          expect(stateOf(server)).toBe(before);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
