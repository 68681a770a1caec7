import * as Y from 'yjs';
import { isColumnId } from '../columns';
import { CARD_FIELD, CARD_FIELDS, IMMUTABLE_CARD_FIELDS, IMMUTABLE_THEME_FIELDS, OPTIONAL_CARD_FIELDS, THEME_FIELD, THEME_FIELDS } from '../layout';
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
    textField: CARD_FIELD.text,
    ownedText: true,
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
  optional: [],
  immutable: IMMUTABLE_THEME_FIELDS,
  textField: THEME_FIELD.title,
  ownedText: false,
  rules: { shape: 'R41', author: 'R41', identity: 'R41', text: 'R41', remove: 'R42', replace: 'R41' },
  isValid(field, item) {
    if (field === THEME_FIELD.title) return holdsType(item, Y.Text);
    const value = mapValue(item);
    switch (field) {
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
