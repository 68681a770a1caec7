/** The four reflection columns of seed 001, in display order. Ids are stored; labels are shown. */
export const COLUMNS = [
  { id: 'went-well', label: 'What went well', color: '#2f9e44' },
  { id: 'lessons-learned', label: 'Lessons learned', color: '#1971c2' },
  { id: 'future-considerations', label: 'Future considerations', color: '#9c36b5' },
  { id: 'ongoing-problem', label: 'What is an ongoing problem', color: '#e8590c' },
] as const;

export type ColumnId = (typeof COLUMNS)[number]['id'];

export const COLUMN_IDS: readonly ColumnId[] = COLUMNS.map((column) => column.id);

export function isColumnId(value: unknown): value is ColumnId {
  return typeof value === 'string' && (COLUMN_IDS as readonly string[]).includes(value);
}

