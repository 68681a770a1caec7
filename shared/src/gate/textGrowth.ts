import * as Y from 'yjs';
import { refuse } from './verdict';

/** How much the commands' limits are multiplied by at the gate: concurrent edits that each fit must never add up to a refusal (R62). */
export const TEXT_SLACK = 4;

/**
 * What an update does to the length of each text it writes into: its length on the board,
 * plus what it inserts, minus what it deletes. Judged once the whole update is walked (R62).
 */
export class TextGrowth {
  private readonly texts = new Map<Y.Item, { readonly what: string; readonly limit: number; readonly before: number; added: number; removed: number }>();

  constructor(
    private readonly isNew: (item: Y.Item) => boolean,
    private readonly deletedLength: (item: Y.Item) => number,
  ) {}

  private of(text: Y.Item, what: string, limit: number) {
    let entry = this.texts.get(text);
    if (!entry) {
      const type = text.content instanceof Y.ContentType ? text.content.type : null;
      entry = { what, limit, before: this.isNew(text) || !(type instanceof Y.Text) ? 0 : type.length, added: 0, removed: 0 };
      this.texts.set(text, entry);
    }
    return entry;
  }

  /** `item`, live characters written into the Y.Text that `text` holds. */
  inserted(text: Y.Item, item: Y.Item, what: string, limit: number): void {
    this.of(text, what, limit).added += item.length;
  }

  /** `item`, characters of the board's text that the update deletes. */
  deleted(text: Y.Item, item: Y.Item, what: string, limit: number): void {
    this.of(text, what, limit).removed += this.deletedLength(item);
  }

  finish(): void {
    for (const { what, limit, before, added, removed } of this.texts.values()) {
      const length = before + added - removed;
      if (length > limit) refuse('R62', `${what} holds at most ${limit} characters here; this change would make it ${length}.`);
    }
  }
}
