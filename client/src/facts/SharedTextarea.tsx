import { useEffect, useRef, type ClipboardEvent, type KeyboardEvent, type RefObject, type TextareaHTMLAttributes } from 'react';
import * as Y from 'yjs';
import { useUi } from '../uiStore';

interface SharedTextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'defaultValue' | 'onChange'> {
  readonly text: Y.Text;
  /** Writes the whole new value (the caller turns it into the smallest edit). */
  readonly onEdit: (value: string) => void;
  /** A one-line text: Enter ends the edit (leaves the field) instead of adding a line break. */
  readonly singleLine?: boolean;
}

type Delta = readonly { readonly retain?: number; readonly insert?: unknown; readonly delete?: number }[];

/** Where `index` ends up after a remote edit: text inserted before it pushes it right, text deleted before it pulls it left. */
export function shiftIndex(index: number, delta: Delta): number {
  // `old` walks the text as it was; inserts take no room in it, deletions and retains do.
  let old = 0;
  let shifted = index;
  for (const op of delta) {
    if (old > index) break;
    if (op.retain !== undefined) old += op.retain;
    else if (typeof op.insert === 'string') {
      if (old <= index) shifted += op.insert.length;
    } else if (op.delete !== undefined) {
      if (old < index) shifted -= Math.min(op.delete, index - old);
      old += op.delete;
    }
  }
  return Math.max(0, shifted);
}

/**
 * Binds a text field to a Y.Text. The field is not controlled by React: a remote edit
 * or an undo rewrites its value and moves your caret by what was inserted or deleted before it, so two
 * people can type in one text at once without their letters interleaving.
 */
function useSharedText<T extends HTMLTextAreaElement | HTMLInputElement>(text: Y.Text): RefObject<T | null> {
  const field = useRef<T>(null);
  useEffect(() => {
    const element = field.current;
    if (!element) return;
    element.value = text.toJSON();
    const onChange = (event: Y.YTextEvent) => {
      // Your own typing is already in the field; anything else (remote edits, and your undo
      // or redo, which are local too) is written into it.
      if (element.value === text.toJSON()) return;
      const focused = document.activeElement === element;
      const [start, end] = [element.selectionStart ?? 0, element.selectionEnd ?? 0];
      const delta = event.delta as Delta;
      // Your own edit that the command reshaped (a pasted line break made a space) left the caret where you typed.
      const typedHere = event.transaction.local && !(event.transaction.origin instanceof Y.UndoManager);
      element.value = text.toJSON();
      if (focused && typedHere) element.setSelectionRange(start, end);
      else if (focused) element.setSelectionRange(shiftIndex(start, delta), shiftIndex(end, delta));
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text]);
  return field;
}

/** How many characters of a paste the field's maxLength will drop (the browser drops them silently). */
export function pasteOverflow(field: { value: string; selectionStart: number | null; selectionEnd: number | null }, pasted: string, maxLength: number): number {
  const replaced = (field.selectionEnd ?? 0) - (field.selectionStart ?? 0);
  // The field keeps line breaks as one character, whatever the clipboard used.
  return Math.max(0, field.value.length - replaced + pasted.replace(/\r\n?/g, '\n').length - maxLength);
}

/** A textarea bound to a Y.Text (see useSharedText). */
export function SharedTextarea({ text, onEdit, singleLine = false, ...props }: SharedTextareaProps) {
  const area = useSharedText<HTMLTextAreaElement>(text);
  const showToast = useUi((state) => state.showToast);
  const max = props.maxLength;
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    props.onPaste?.(event);
    if (max === undefined) return;
    const dropped = pasteOverflow(event.currentTarget, event.clipboardData.getData('text/plain'), max);
    if (dropped > 0) showToast({ message: `${dropped.toLocaleString('en')} pasted characters did not fit: this field holds ${max.toLocaleString('en')}.` });
  };
  const onKeyDown = singleLine
    ? (event: KeyboardEvent<HTMLTextAreaElement>) => {
        props.onKeyDown?.(event);
        if (event.key !== 'Enter' || event.defaultPrevented) return;
        event.preventDefault();
        event.currentTarget.blur();
      }
    : props.onKeyDown;
  return <textarea ref={area} {...props} onKeyDown={onKeyDown} onPaste={onPaste} onInput={(event) => onEdit(singleLine ? event.currentTarget.value.replace(/\n/g, ' ') : event.currentTarget.value)} />;
}
