/** Participant colors: distinct, and white initials stay readable on each. */
export const PARTICIPANT_COLORS = ['#1971c2', '#2f9e44', '#e8590c', '#9c36b5', '#c2255c', '#0c8599', '#f08c00', '#5f3dc4'] as const;

/** What a screen reader says for each color. */
export const COLOR_NAMES: Readonly<Record<string, string>> = {
  '#1971c2': 'blue',
  '#2f9e44': 'green',
  '#e8590c': 'orange',
  '#9c36b5': 'purple',
  '#c2255c': 'raspberry',
  '#0c8599': 'teal',
  '#f08c00': 'amber',
  '#5f3dc4': 'violet',
};

export function colorName(color: string): string {
  return COLOR_NAMES[color] ?? color;
}
