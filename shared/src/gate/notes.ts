import * as Y from 'yjs';
import { MAX_THEME_NOTES_LENGTH } from '../analysis/model';
import type { Actor } from '../layout';
import type { Place } from './places';
import { TEXT_SLACK, TextGrowth } from './textGrowth';
import { refuse } from './verdict';

const NOTES_LIMIT = MAX_THEME_NOTES_LENGTH * TEXT_SLACK;
const WHAT = 'A theme’s notes';

/**
 * The `notes` root (R54): one Y.Text per theme, made by the server (startNotes). Clients
 * write only plain characters into it, only facilitators do, and within bounds (R62).
 */
export class NotesJudge {
  private readonly growth: TextGrowth;

  constructor(
    private readonly writer: Actor,
    private readonly isDeleted: (item: Y.Item) => boolean,
    isNew: (item: Y.Item) => boolean,
    deletedLength: (item: Y.Item) => number,
  ) {
    this.growth = new TextGrowth(isNew, deletedLength);
  }

  /** Whether the writer may touch the notes at all. */
  root(): void {
    if (this.writer.role !== 'facilitator') refuse('R54', `Only a facilitator writes the discussion notes (participant ${this.writer.participantId} tried).`);
  }

  written(item: Y.Item, place: Place): void {
    const { keys } = place;
    if (keys.length === 1) refuse('R54', 'Notes are started by the server (the startNotes command), never by a client.');
    if (keys.length !== 2 || keys[1] !== null || !(item.content instanceof Y.ContentString || item.content instanceof Y.ContentDeleted)) {
      refuse('R54', 'Notes hold plain text only.');
    }
    if (!this.isDeleted(item)) this.growth.inserted(place.containers[0] as Y.Item, item, WHAT, NOTES_LIMIT);
  }

  deleted(item: Y.Item, place: Place): void {
    if (place.keys.length === 1) refuse('R54', 'Notes are started by the server and never removed.');
    this.growth.deleted(place.containers[0] as Y.Item, item, WHAT, NOTES_LIMIT);
  }

  finish(): void {
    this.growth.finish();
  }
}
