import {
  exportBoard,
  renderActionsCsv,
  renderGhScript,
  renderMarkdown,
  renderTaskList,
  selectFacts,
  selectBoardMeta,
  selectReport,
} from '@hindsight/shared';
import type * as Y from 'yjs';

/** The formats of GET /api/boards/:id/export (R60). */
export const EXPORT_FORMATS = ['md', 'csv', 'json', 'gh', 'tasks'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

const TYPES: Readonly<Record<ExportFormat, { type: string; suffix: string }>> = {
  md: { type: 'text/markdown; charset=utf-8', suffix: '.md' },
  csv: { type: 'text/csv; charset=utf-8; header=present', suffix: '-actions.csv' },
  json: { type: 'application/json; charset=utf-8', suffix: '.json' },
  gh: { type: 'text/x-shellscript; charset=utf-8', suffix: '-issues.sh' },
  tasks: { type: 'text/markdown; charset=utf-8', suffix: '-tasks.md' },
};

/** A file name after seed 002's convention: post-mortem-<date>-<incident>. */
export function exportFileName(doc: Y.Doc, format: ExportFormat): string {
  const facts = selectFacts(doc);
  const date = new Date(facts.startAt ?? selectBoardMeta(doc).createdAt).toISOString().slice(0, 10);
  const slug =
    (facts.title || selectBoardMeta(doc).title)
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'board';
  return `post-mortem-${date}-${slug}${TYPES[format].suffix}`;
}

/** Renders one export of the board as it is now. */
export function renderExport(doc: Y.Doc, format: ExportFormat): { body: string; contentType: string; fileName: string } {
  const fileName = exportFileName(doc, format);
  const contentType = TYPES[format].type;
  if (format === 'json') return { body: `${JSON.stringify(exportBoard(doc), null, 2)}\n`, contentType, fileName };
  const report = selectReport(doc);
  const body = format === 'md' ? renderMarkdown(report) : format === 'csv' ? renderActionsCsv(report) : format === 'gh' ? renderGhScript(report) : renderTaskList(report);
  return { body, contentType, fileName };
}
