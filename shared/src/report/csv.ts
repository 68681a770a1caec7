import type { Report, ReportAction } from './select';

/**
 * A spreadsheet reading a cell that starts with one of these runs it as a formula (CSV
 * injection); such cells get a leading apostrophe, which spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

/** Azure DevOps stores priority as a number, 1 the highest. */
const PRIORITY_NUMBER: Readonly<Record<string, string>> = { high: '1', medium: '2', low: '3' };

export const CSV_HEADER = ['Action ID', 'Title', 'Description', 'Owner', 'Due Date', 'Priority', 'Priority Number', 'Status', 'Labels', 'Work Item Type', 'Addresses'] as const;

export const CSV_LABEL = 'post-mortem';

function description(action: ReportAction, report: Report): string {
  const from = `From the post-mortem "${report.facts.title.trim() || report.boardTitle}" (${action.ref}).`;
  return action.description.trim() ? `${action.description.trim()}\n\n${from}` : from;
}

/**
 * The prioritised actions as CSV for the importers of Jira, Linear and Azure DevOps (the
 * README maps the columns for each): UTF-8, CRLF line ends, one header row, actions in the
 * board's one order.
 */
export function renderActionsCsv(report: Report): string {
  const rows = report.actions.map((action) =>
    csvRow([
      action.ref,
      action.title,
      description(action, report),
      action.owner,
      action.due,
      action.priority,
      PRIORITY_NUMBER[action.raw.priority] ?? '2',
      action.status,
      CSV_LABEL,
      'Task',
      action.addresses.join('; '),
    ]),
  );
  return `${[csvRow(CSV_HEADER), ...rows].join('\r\n')}\r\n`;
}
