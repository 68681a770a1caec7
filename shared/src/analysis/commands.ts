import * as Y from 'yjs';
import { boardNow } from '../clock';
import { done, fail, replaceText, run, type CommandResult } from '../commandKit';
import { defaultEntropy, type Entropy } from '../commands';
import { THEME_FIELD, themesMap, type Actor, type ThemeTag } from '../layout';
import { orderKeyBetween } from '../order';
import { mayChangeCardContent } from '../policy';
import { readTheme } from '../themes/selectors';
import { isLinkPair, LINK_FIELD, linksMap, MAX_THEME_NOTES_LENGTH, MAX_WHY_LENGTH, MAX_WHYS_PER_THEME, notesMap, readWhy, WHY_FIELD, whysMap, type LinkEnd } from './model';
import { selectLinks, selectWhys } from './selectors';

function liveThemeMap(doc: Y.Doc, themeId: string): Y.Map<unknown> | null {
  const map = themesMap(doc).get(themeId);
  return map instanceof Y.Map && readTheme(themeId, map) ? map : null;
}

const themeGone = (): CommandResult<never> => fail('not-found', 'This theme no longer exists.', 'R45');

/** Tags a theme as root cause, contributing factor, went well or follow-up, or clears it (R53). */
export function setThemeTag(doc: Y.Doc, _actor: Actor, themeId: string, tag: ThemeTag | null): CommandResult {
  const theme = liveThemeMap(doc, themeId);
  if (!theme) return themeGone();
  const value = tag ?? '';
  if ((theme.get(THEME_FIELD.tag) ?? '') === value) return done;
  run(doc, 'setThemeTag', () => theme.set(THEME_FIELD.tag, value));
  return done;
}

/**
 * Rewrites a theme's discussion notes by the smallest edit; facilitators only (R54). The
 * notes text is made by the server first (startNotes), so two facilitators starting at once
 * never each make one and lose the other's words.
 */
export function setThemeNotes(doc: Y.Doc, actor: Actor, themeId: string, notes: string): CommandResult {
  if (actor.role !== 'facilitator') return fail('forbidden', 'Only a facilitator writes the discussion notes.', 'R54');
  if (notes.length > MAX_THEME_NOTES_LENGTH) return fail('invalid', `Notes hold at most ${MAX_THEME_NOTES_LENGTH} characters.`);
  const text = notesMap(doc).get(themeId);
  if (!(text instanceof Y.Text)) return fail('not-found', 'These notes have not been started yet.', 'R54');
  replaceText(text, notes, 'setThemeNotes');
  return done;
}

/** The server's half of starting a theme's notes (the startNotes command): one empty text per theme, made once. */
export function startThemeNotes(doc: Y.Doc, themeId: string): boolean {
  if (!liveThemeMap(doc, themeId)) return false;
  if (!(notesMap(doc).get(themeId) instanceof Y.Text)) notesMap(doc).set(themeId, new Y.Text());
  return true;
}

/** Adds the next "why?" answer at the end of a theme's chain (R55). */
export function addWhy(doc: Y.Doc, actor: Actor, themeId: string, text: string, entropy: Entropy = defaultEntropy): CommandResult<{ whyId: string }> {
  if (!liveThemeMap(doc, themeId)) return themeGone();
  if (text.length > MAX_WHY_LENGTH) return fail('invalid', `An answer holds at most ${MAX_WHY_LENGTH} characters.`);
  const chain = selectWhys(doc).get(themeId) ?? [];
  if (chain.length >= MAX_WHYS_PER_THEME) return fail('invalid', `A chain holds at most ${MAX_WHYS_PER_THEME} whys.`, 'R55');
  const whyId = entropy.newId();
  const why = new Y.Map<unknown>();
  why.set(WHY_FIELD.id, whyId);
  why.set(WHY_FIELD.theme, themeId);
  why.set(WHY_FIELD.order, orderKeyBetween(chain.at(-1)?.order ?? null, null, entropy.random));
  why.set(WHY_FIELD.text, new Y.Text(text));
  why.set(WHY_FIELD.authorId, actor.participantId);
  why.set(WHY_FIELD.createdAt, boardNow());
  run(doc, 'addWhy', () => whysMap(doc).set(whyId, why));
  return { ok: true, value: { whyId } };
}

function findWhy(doc: Y.Doc, whyId: string): { map: Y.Map<unknown>; text: Y.Text; authorId: string } | null {
  const map = whysMap(doc).get(whyId);
  const why = readWhy(whyId, map);
  return why && map ? { map, text: map.get(WHY_FIELD.text) as Y.Text, authorId: why.authorId } : null;
}

const whyGone = (): CommandResult<never> => fail('not-found', 'This answer no longer exists.', 'R55');

export function setWhyText(doc: Y.Doc, _actor: Actor, whyId: string, text: string): CommandResult {
  const why = findWhy(doc, whyId);
  if (!why) return whyGone();
  if (text.length > MAX_WHY_LENGTH) return fail('invalid', `An answer holds at most ${MAX_WHY_LENGTH} characters.`);
  replaceText(why.text, text, 'setWhyText');
  return done;
}

export function deleteWhy(doc: Y.Doc, actor: Actor, whyId: string): CommandResult {
  const why = findWhy(doc, whyId);
  if (!why) return whyGone();
  if (!mayChangeCardContent(actor, why.authorId)) return fail('forbidden', 'Only its author or a facilitator deletes an answer.', 'R55');
  run(doc, 'deleteWhy', () => whysMap(doc).delete(whyId));
  return done;
}

/** Links a card or theme to a timeline event, or an action to a card or theme (R56); linking twice changes nothing. */
export function link(doc: Y.Doc, actor: Actor, from: LinkEnd, to: LinkEnd, entropy: Entropy = defaultEntropy): CommandResult {
  if (!isLinkPair(from, to)) return fail('invalid', 'These two cannot be linked.', 'R56');
  if (selectLinks(doc).linksBetween(from, to).length > 0) return done;
  const id = entropy.newId();
  const map = new Y.Map<unknown>();
  map.set(LINK_FIELD.id, id);
  map.set(LINK_FIELD.from, from);
  map.set(LINK_FIELD.to, to);
  map.set(LINK_FIELD.authorId, actor.participantId);
  map.set(LINK_FIELD.createdAt, boardNow());
  run(doc, 'link', () => linksMap(doc).set(id, map));
  return done;
}

/** Removes every link between two ends (two people may have made it at once); its author or a facilitator only (R56). */
export function unlink(doc: Y.Doc, actor: Actor, from: LinkEnd, to: LinkEnd): CommandResult {
  const links = selectLinks(doc).linksBetween(from, to);
  if (links.length === 0) return done;
  if (!links.every((one) => mayChangeCardContent(actor, one.authorId))) return fail('forbidden', 'Only whoever made a link or a facilitator removes it.', 'R56');
  run(doc, 'unlink', () => {
    for (const one of links) linksMap(doc).delete(one.id);
  });
  return done;
}
