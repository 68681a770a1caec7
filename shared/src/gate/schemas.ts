import * as Y from 'yjs';
import { isColumnId } from '../columns';
import { ACTION_FIELD, ACTION_FIELDS, IMMUTABLE_ACTION_FIELDS, isActionStatus, isDueDate, isOwnerValue, isPriority, MAX_ACTION_DESCRIPTION_LENGTH, MAX_ACTION_TITLE_LENGTH, readAction } from '../actions/model';
import { TEXT_SLACK } from './textGrowth';
import { IMMUTABLE_WHY_FIELDS, isLinkPair, linkEndKind, MAX_WHY_LENGTH, LINK_FIELD, LINK_FIELDS, readLink, readWhy, WHY_FIELD, WHY_FIELDS } from '../analysis/model';
import {
  CARD_FIELD,
  CARD_FIELDS,
  IMMUTABLE_CARD_FIELDS,
  IMMUTABLE_THEME_FIELDS,
  isThemeTag,
  MAX_CARD_TEXT_LENGTH,
  MAX_THEME_TITLE_LENGTH,
  OPTIONAL_CARD_FIELDS,
  OPTIONAL_THEME_FIELDS,
  THEME_FIELD,
  THEME_FIELDS,
} from '../layout';
import { isValidOrderKey } from '../order';
import { readCard } from '../selectors';
import { readTheme } from '../themes/selectors';
import { holdsType, mapValue, type EntitySchema } from './entities';

function isIdString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

function isTimestamp(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Cards (R4 to R9, R43). `themeKnown` answers whether an id names a theme the board holds,
 * live or deleted, or the update creates: a card may point at a theme deleted concurrently
 * (it then shows in its column, R45), never at one that never existed.
 */
export function cardSchema(themeKnown: (id: string) => boolean): EntitySchema {
  return {
    noun: 'card',
    fields: CARD_FIELDS,
    optional: OPTIONAL_CARD_FIELDS,
    immutable: IMMUTABLE_CARD_FIELDS,
    texts: { [CARD_FIELD.text]: 'author' },
    textLimits: { [CARD_FIELD.text]: MAX_CARD_TEXT_LENGTH * TEXT_SLACK },
    rules: { shape: 'R4', author: 'R5', identity: 'R6', text: 'R7', remove: 'R8', replace: 'R9' },
    fieldRules: { [CARD_FIELD.theme]: 'R43', [CARD_FIELD.themeOrder]: 'R43' },
    isValid(field, item) {
      if (field === CARD_FIELD.text) return holdsType(item, Y.Text);
      const value = mapValue(item);
      switch (field) {
        case CARD_FIELD.column:
          return isColumnId(value);
        case CARD_FIELD.order:
        case CARD_FIELD.themeOrder:
          return isValidOrderKey(value);
        case CARD_FIELD.createdAt:
          return isTimestamp(value);
        case CARD_FIELD.theme:
          return value === '' || (isIdString(value) && themeKnown(value as string));
        default:
          return isIdString(value);
      }
    },
    isWhole: (id, map) => readCard(id, map) !== null,
  };
}

/** Themes (R41, R42). */
export const THEME_SCHEMA: EntitySchema = {
  noun: 'theme',
  fields: THEME_FIELDS,
  optional: OPTIONAL_THEME_FIELDS,
  immutable: IMMUTABLE_THEME_FIELDS,
  texts: { [THEME_FIELD.title]: 'anyone' },
  textLimits: { [THEME_FIELD.title]: MAX_THEME_TITLE_LENGTH * TEXT_SLACK },
  rules: { shape: 'R41', author: 'R41', identity: 'R41', text: 'R41', remove: 'R42', replace: 'R41' },
  fieldRules: { [THEME_FIELD.tag]: 'R53' },
  isValid(field, item) {
    if (field === THEME_FIELD.title) return holdsType(item, Y.Text);
    const value = mapValue(item);
    switch (field) {
      case THEME_FIELD.tag:
        return value === '' || isThemeTag(value);
      case THEME_FIELD.order:
        return isValidOrderKey(value);
      case THEME_FIELD.createdAt:
        return isTimestamp(value);
      case THEME_FIELD.collapsed:
        return typeof value === 'boolean';
      default:
        return isIdString(value);
    }
  },
  // Stricter than what the board shows: a theme must keep every field, not just the readable ones.
  isWhole: (id, map) => readTheme(id, map) !== null && typeof map.get(THEME_FIELD.collapsed) === 'boolean' && map.get(THEME_FIELD.id) === id,
};

/** Answers in a theme's five whys (R55): anyone adds and edits one; its author or a facilitator deletes it. */
export function whySchema(themeKnown: (id: string) => boolean): EntitySchema {
  return {
    noun: 'why',
    fields: WHY_FIELDS,
    optional: [],
    immutable: IMMUTABLE_WHY_FIELDS,
    texts: { [WHY_FIELD.text]: 'anyone' },
    textLimits: { [WHY_FIELD.text]: MAX_WHY_LENGTH * TEXT_SLACK },
    identity: [WHY_FIELD.theme],
    rules: { shape: 'R55', author: 'R55', identity: 'R55', text: 'R55', remove: 'R55', replace: 'R55' },
    isValid(field, item) {
      if (field === WHY_FIELD.text) return holdsType(item, Y.Text);
      const value = mapValue(item);
      switch (field) {
        case WHY_FIELD.order:
          return isValidOrderKey(value);
        case WHY_FIELD.createdAt:
          return isTimestamp(value);
        case WHY_FIELD.theme:
          return isIdString(value) && themeKnown(value as string);
        default:
          return isIdString(value);
      }
    },
    isWhole: (id, map) => readWhy(id, map) !== null,
  };
}

/** Links (R56): every field written once; anyone links, the link's author or a facilitator unlinks. */
export const LINK_SCHEMA: EntitySchema = {
  noun: 'link',
  fields: LINK_FIELDS,
  optional: [],
  immutable: LINK_FIELDS,
  texts: {},
  identity: [LINK_FIELD.from, LINK_FIELD.to],
  rules: { shape: 'R56', author: 'R56', identity: 'R56', text: 'R56', remove: 'R56', replace: 'R56' },
  isValid(field, item) {
    const value = mapValue(item);
    if (field === LINK_FIELD.createdAt) return isTimestamp(value);
    if (field === LINK_FIELD.from || field === LINK_FIELD.to) return linkEndKind(value) !== null;
    return isIdString(value);
  },
  isValidEntity: (valueOf) => isLinkPair(valueOf(LINK_FIELD.from), valueOf(LINK_FIELD.to)),
  isWhole: (id, map) => readLink(id, map) !== null && isLinkPair(map.get(LINK_FIELD.from), map.get(LINK_FIELD.to)),
};

/** Actions (R57, R58): only the server makes one; who may edit when is judged by the gate's walk. */
export const ACTION_SCHEMA: EntitySchema = {
  noun: 'action',
  fields: ACTION_FIELDS,
  optional: [],
  immutable: IMMUTABLE_ACTION_FIELDS,
  texts: { [ACTION_FIELD.title]: 'anyone', [ACTION_FIELD.description]: 'anyone' },
  textLimits: { [ACTION_FIELD.title]: MAX_ACTION_TITLE_LENGTH * TEXT_SLACK, [ACTION_FIELD.description]: MAX_ACTION_DESCRIPTION_LENGTH * TEXT_SLACK },
  createdBy: 'server',
  identity: [ACTION_FIELD.ref],
  rules: { shape: 'R58', author: 'R57', identity: 'R57', text: 'R58', remove: 'R58', replace: 'R58' },
  isValid(field, item) {
    const value = mapValue(item);
    switch (field) {
      case ACTION_FIELD.title:
      case ACTION_FIELD.description:
        return holdsType(item, Y.Text);
      case ACTION_FIELD.owner:
        return isOwnerValue(value);
      case ACTION_FIELD.due:
        return value === '' || isDueDate(value);
      case ACTION_FIELD.priority:
        return isPriority(value);
      case ACTION_FIELD.status:
        return isActionStatus(value);
      case ACTION_FIELD.order:
        return isValidOrderKey(value);
      case ACTION_FIELD.createdAt:
        return isTimestamp(value);
      case ACTION_FIELD.ref:
        return typeof value === 'string' && /^AI-\d{3,}$/.test(value);
      default:
        return isIdString(value);
    }
  },
  // Stricter than what the board shows: every field there, each of its kind.
  isWhole: (id, map) =>
    readAction(id, map) !== null &&
    isOwnerValue(map.get(ACTION_FIELD.owner)) &&
    (map.get(ACTION_FIELD.due) === '' || isDueDate(map.get(ACTION_FIELD.due))) &&
    isPriority(map.get(ACTION_FIELD.priority)) &&
    isActionStatus(map.get(ACTION_FIELD.status)) &&
    map.get(ACTION_FIELD.description) instanceof Y.Text,
};
