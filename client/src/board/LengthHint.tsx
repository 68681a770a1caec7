/**
 * Says how much of a text's limit is used once it is nearly full, and that it is full at
 * the limit (R62): the field itself then takes no more characters.
 */
export function LengthHint({ length, max }: { length: number; max: number }) {
  if (length < max * 0.9) return null;
  const full = length >= max;
  return (
    <span className={`length-hint ${full ? 'full' : ''}`} aria-live="polite">
      {full ? `Limit reached: ${max.toLocaleString('en')} characters` : `${length.toLocaleString('en')} / ${max.toLocaleString('en')}`}
    </span>
  );
}
