import * as Y from 'yjs';
import { LocalOrigin, type CommandName } from './origin';
import type { RuleId } from './rules';

export interface CommandError {
  readonly code: 'not-found' | 'forbidden' | 'invalid';
  readonly message: string;
  readonly rule?: RuleId;
}

export type CommandResult<T = undefined> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: CommandError };

export const done = { ok: true, value: undefined } as const;

export function fail(code: CommandError['code'], message: string, rule?: RuleId): CommandResult<never> {
  return { ok: false, error: rule ? { code, message, rule } : { code, message } };
}

/** Every command is one transaction whose origin names it, so undo tracks local commands only. */
export function run(doc: Y.Doc, command: CommandName, change: () => void): void {
  doc.transact(change, new LocalOrigin(command));
}

/**
 * Replaces a Y.Text's content by the smallest edit (common prefix and suffix kept), so
 * concurrent edits elsewhere in the text survive. Writes nothing when nothing changed.
 */
export function replaceText(text: Y.Text, next: string, command: CommandName): void {
  const doc = text.doc;
  const current = text.toJSON();
  if (current === next || !doc) return;
  let prefix = 0;
  const shorter = Math.min(current.length, next.length);
  while (prefix < shorter && current[prefix] === next[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && current[current.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  const deleteCount = current.length - prefix - suffix;
  const insert = next.slice(prefix, next.length - suffix);
  run(doc, command, () => {
    if (deleteCount > 0) text.delete(prefix, deleteCount);
    if (insert.length > 0) text.insert(prefix, insert);
  });
}
