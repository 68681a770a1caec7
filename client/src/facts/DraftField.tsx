import { useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';

interface DraftFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement & HTMLTextAreaElement>, 'value' | 'onChange'> {
  readonly value: string;
  readonly onCommit: (value: string) => void;
  readonly multiline?: boolean;
  readonly rows?: number;
}

/**
 * A text field bound to one value of the document: while you type, your draft is yours
 * alone; it is written when you leave the field or press Enter (Escape drops it), so two
 * people never fight over every keystroke of a plain field.
 */
export function DraftField({ value, onCommit, multiline = false, ...props }: DraftFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  const common = {
    ...props,
    value: draft ?? value,
    onChange: (event: { target: { value: string } }) => setDraft(event.target.value),
    onBlur: commit,
    onKeyDown: (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      if (event.key === 'Escape' && draft !== null) {
        event.stopPropagation();
        setDraft(null);
      } else if (event.key === 'Enter' && (!multiline || event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        commit();
      }
    },
  };
  return multiline ? <textarea {...common} /> : <input {...common} />;
}
