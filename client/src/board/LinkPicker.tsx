import { useState } from 'react';

/**
 * A choice and a button to link it. A select alone would link on every arrow key, as a
 * closed select changes its value while you browse it with the keyboard.
 */
export function LinkPicker({ label, placeholder, options, onPick }: {
  label: string;
  placeholder: string;
  options: readonly { value: string; label: string }[];
  onPick: (value: string) => void;
}) {
  const [value, setValue] = useState('');
  const chosen = options.some((option) => option.value === value) ? value : '';
  return (
    <span className="link-picker">
      <select aria-label={label} value={chosen} onChange={(event) => setValue(event.target.value)}>
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="secondary small"
        disabled={chosen === ''}
        onClick={() => {
          onPick(chosen);
          setValue('');
        }}
      >
        Link
      </button>
    </span>
  );
}
