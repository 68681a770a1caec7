import { COLUMNS, type ColumnId } from '../columns';
import { DATA_LOSS, DETECTION_METHODS, ROOT_CAUSE_CATEGORIES, SEVERITIES } from '../facts/fields';
import { formatClock, formatDuration, toLocalInput } from '../facts/time';
import type { Report, ReportCard, ReportTheme } from './select';

export const NONE_RECORDED = '_None recorded._';

/**
 * Text typed on the board, made inert for Markdown and HTML: every character that could
 * start markup is escaped, so a card reading "<img onerror=…>" or "[x](javascript:…)"
 * shows as those characters and nothing else. Line breaks become spaces.
 */
export function inline(text: string): string {
  return text
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (char) => `\\${char}`)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    // A list marker at the start would make a list; escaping its dot (a backslash before a digit would show) keeps the number.
    .replace(/^(\s*)([-=])/, '$1\\$2')
    .replace(/^(\s*)(\d+)([.)])/, '$1$2\\$3')
    .trim();
}

/** Several lines of typed text as one paragraph with hard line breaks. */
export function paragraph(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => inline(line))
    .filter((line) => line !== '')
    .join('  \n');
}

const labelIn = (options: readonly { id: string; label: string }[], id: string | null) => options.find((option) => option.id === id)?.label ?? null;

function columnLabel(id: ColumnId): string {
  return COLUMNS.find((column) => column.id === id)?.label ?? id;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function dotsNote(dots: number, shown: boolean): string {
  return shown && dots > 0 ? ` (${plural(dots, 'dot')})` : '';
}

function cardLine(card: ReportCard, shown: boolean, withTheme: boolean): string {
  const theme = withTheme && card.themeTitle ? ` _(theme: ${inline(card.themeTitle)})_` : '';
  return `- ${inline(card.text) || '_(empty card)_'}${dotsNote(card.dots, shown)}${theme}`;
}

function list(lines: readonly string[]): string {
  return lines.length > 0 ? lines.join('\n') : NONE_RECORDED;
}

function themeDetail(theme: ReportTheme, report: Report, zone: string): string {
  const parts = [`##### ${inline(theme.title) || 'Untitled theme'}${dotsNote(theme.dots, report.votesShown)}`];
  if (theme.cards.length > 0) parts.push(theme.cards.map((card) => cardLine(card, false, false)).join('\n'));
  if (theme.whys.length > 0) {
    parts.push(`**5 Whys**\n\n${theme.whys.map((why, i) => `${i + 1}. **Why?** → ${inline(why) || '_(no answer yet)_'}`).join('\n')}`);
  }
  if (theme.events.length > 0) parts.push(`**Timeline:** ${theme.events.map((event) => `${formatClock(event.at, zone)} ${inline(event.text)}`).join('; ')}`);
  if (theme.notes.trim() !== '') parts.push(`**Discussion notes:**  \n${paragraph(theme.notes)}`);
  return parts.join('\n\n');
}

/** What the table has no room for: what each action addresses, and its description. */
function actionDetails(report: Report): string[] {
  const lines = report.actions
    .filter((action) => action.addresses.length > 0 || action.description.trim() !== '')
    .map((action) => {
      const addresses = action.addresses.length > 0 ? ` Addresses ${action.addresses.map(inline).join('; ')}.` : '';
      const description = action.description.trim() ? ` ${inline(action.description)}` : '';
      return `- **${action.ref}**${addresses}${description}`;
    });
  return lines.length > 0 ? [lines.join('\n')] : [];
}

function tableCell(text: string): string {
  return inline(text) || '—';
}

/**
 * The post-mortem report: seed 000's template, section by section, enriched with seed 002
 * (severity, duration, TTD/TTM/TTR, the five whys, the action items table). Every section
 * is there even when empty, saying so.
 */
export function renderMarkdown(report: Report): string {
  const { facts, zone } = report;
  const shown = report.votesShown;
  const title = facts.title.trim() || report.boardTitle;
  const when =
    facts.startAt !== null
      ? `${toLocalInput(facts.startAt, zone).replace('T', ' ')}${facts.endAt !== null ? ` – ${toLocalInput(facts.endAt, zone).replace('T', ' ')}` : ''} (${zone})`
      : 'Date and time not recorded';
  const severity = SEVERITIES.find((entry) => entry.id === facts.severity);
  const header = [
    `# ${inline(title)}`,
    // Built from validated times and zone names only: nothing typed to escape.
    `> ${when}`,
    [
      `**Severity:** ${severity ? `${severity.label} (${severity.meaning})` : 'Not recorded'}  `,
      `**Duration:** ${report.duration !== null ? formatDuration(report.duration) : 'Not recorded'}  `,
      `**Detection method:** ${labelIn(DETECTION_METHODS, facts.detection) ?? 'Not recorded'}  `,
      `**Root cause category:** ${labelIn(ROOT_CAUSE_CATEGORIES, facts.rootCause) ?? 'Not recorded'}  `,
      `**Status:** ${report.ended ? 'Final' : 'Draft'}`,
    ].join('\n'),
  ];
  const impact = [
    ['Affected users', facts.affectedUsers],
    ['Affected features', facts.affectedFeatures],
    ['Systems affected', facts.affectedSystems],
    ['Data loss', labelIn(DATA_LOSS, facts.dataLoss) ?? ''],
    ['Notes', facts.impactNotes],
  ].filter(([, value]) => (value as string).trim() !== '');
  const time = (ms: number | null) => (ms !== null ? formatDuration(ms) : 'Not recorded');
  const summary = [
    '### Incident Summary',
    facts.summary.trim() ? paragraph(facts.summary) : NONE_RECORDED,
    '#### Impact',
    list(impact.map(([label, value]) => `- **${label}:** ${inline(value as string)}`)),
    '#### Detection and Response',
    [`- **Time to detect (TTD):** ${time(report.times.detect)}`, `- **Time to mitigate (TTM):** ${time(report.times.mitigate)}`, `- **Time to resolve (TTR):** ${time(report.times.resolve)}`].join('\n'),
  ];
  const timeline = [
    '### Timeline of Events',
    report.timeline.length === 0
      ? NONE_RECORDED
      : [
          `All times in ${zone}.`,
          '',
          '| Time | Event | Source | Linked cards |',
          '|------|-------|--------|--------------|',
          ...report.timeline.map(
            (event) =>
              `| ${toLocalInput(event.at, zone).replace('T', ' ')} | ${tableCell(event.text)} | ${tableCell(event.source)} | ${event.linked.length > 0 ? event.linked.map(inline).join('; ') : '—'} |`,
          ),
        ].join('\n'),
  ];
  const tagged = (tag: ReportTheme['tag']) => report.themes.filter((theme) => theme.tag === tag);
  const rootCauses = [
    '### Root Cause(s)',
    '#### Primary causes',
    ...(tagged('root-cause').length > 0 ? tagged('root-cause').map((theme) => themeDetail(theme, report, zone)) : [NONE_RECORDED]),
    '#### Contributing factors',
    ...(tagged('contributing').length > 0 ? tagged('contributing').map((theme) => themeDetail(theme, report, zone)) : [NONE_RECORDED]),
  ];
  const wentWell = [
    '### What Went Well',
    list([
      ...tagged('went-well').map((theme) => `- **${inline(theme.title)}**${dotsNote(theme.dots, shown)}`),
      ...report.cardsByColumn['went-well'].map((card) => cardLine(card, shown, true)),
    ]),
  ];
  const improve = [
    '### What Could Be Improved',
    ...(['lessons-learned', 'future-considerations', 'ongoing-problem'] as const).flatMap((column) => [
      `#### ${columnLabel(column)}`,
      list(report.cardsByColumn[column].map((card) => cardLine(card, shown, true))),
    ]),
  ];
  const actions = [
    '### Action Items',
    report.actions.length === 0
      ? NONE_RECORDED
      : [
          '| ID | Action | Owner | Priority | Due Date | Status |',
          '|----|--------|-------|----------|----------|--------|',
          ...report.actions.map(
            (action) => `| ${action.ref} | ${tableCell(action.title)} | ${tableCell(action.owner)} | ${action.priority} | ${action.due || '—'} | ${action.status} |`,
          ),
        ].join('\n'),
    ...actionDetails(report),
  ];
  const notes = [
    '### Additional Notes',
    '#### Themes and votes',
    shown ? '' : '_Votes had not been revealed when this report was exported._',
    ...(report.themes.length > 0 ? report.themes.map((theme) => themeDetail(theme, report, zone)) : [NONE_RECORDED]),
    '#### Follow-ups',
    list(tagged('follow-up').map((theme) => `- ${inline(theme.title)}`)),
    '#### Participants',
    list(report.participants.map((person) => `- ${inline(person.name)}${person.role === 'Facilitator' ? ' (facilitator)' : ''}`)),
    '#### Retrospective Prime Directive',
    `> ${inline(report.primeDirective)}`,
  ];
  return `${[...header, ...summary, ...timeline, ...rootCauses, ...wentWell, ...improve, ...actions, ...notes].filter((part) => part !== '').join('\n\n')}\n`;
}
