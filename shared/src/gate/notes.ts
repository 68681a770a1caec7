import * as Y from 'yjs';
import type { Actor } from '../layout';
import { refuse } from './verdict';

/**
 * The `notes` root (R54): one Y.Text per theme, made by the server (startNotes). Clients
 * write only plain characters into it, and only facilitators do.
 */
export function judgeNotesRoot(writer: Actor): void {
  if (writer.role !== 'facilitator') refuse('R54', `Only a facilitator writes the discussion notes (participant ${writer.participantId} tried).`);
}

export function judgeNotesWrite(item: Y.Item, keys: readonly (string | null)[]): void {
  if (keys.length === 1) refuse('R54', 'Notes are started by the server (the startNotes command), never by a client.');
  if (keys.length !== 2 || keys[1] !== null || !(item.content instanceof Y.ContentString || item.content instanceof Y.ContentDeleted)) {
    refuse('R54', 'Notes hold plain text only.');
  }
}

export function judgeNotesDeletion(keys: readonly (string | null)[]): void {
  if (keys.length === 1) refuse('R54', 'Notes are started by the server and never removed.');
}
