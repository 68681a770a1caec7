interface ChoiceFieldProps {
  readonly label: string;
  readonly value: string | null;
  readonly options: readonly { readonly id: string; readonly label: string; readonly meaning?: string }[];
  readonly disabled: boolean;
  /** Null when "Not set" is chosen. */
  readonly onChange: (value: string | null) => void;
}

/** A labelled select over one of the facts' option lists, with "Not set". */
export function ChoiceField({ label, value, options, disabled, onChange }: ChoiceFieldProps) {
  return (
    <label>
      <span>{label}</span>
      <select disabled={disabled} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">Not set</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.meaning ? `${option.label} (${option.meaning})` : option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
