import type * as Y from 'yjs';
import { selectFacts } from '../facts/selectors';
import { selectBoardMeta } from '../selectors';
import { exportBoard } from './boardJson';
import { renderActionsCsv } from './csv';
import { renderGhScript, renderTaskList } from './github';
import { renderMarkdown } from './markdown';
import { selectReport } from './select';

/** The formats a board exports to, over HTTP (R60) and from the Wrap-up view alike. */
export const EXPORT_FORMATS = ['md', 'csv', 'json', 'gh', 'tasks'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

const FILE_TYPES: Readonly<Record<ExportFormat, { type: string; suffix: string }>> = {
  md: { type: 'text/markdown; charset=utf-8', suffix: '.md' },
  csv: { type: 'text/csv; charset=utf-8; header=present', suffix: '-actions.csv' },
  json: { type: 'application/json; charset=utf-8', suffix: '.json' },
  gh: { type: 'text/x-shellscript; charset=utf-8', suffix: '-issues.sh' },
  tasks: { type: 'text/markdown; charset=utf-8', suffix: '-tasks.md' },
};

/** A file name after seed 002's convention: post-mortem-<date>-<incident>, ASCII only. */
export function exportFileName(doc: Y.Doc, format: ExportFormat): string {
  const facts = selectFacts(doc);
  const meta = selectBoardMeta(doc);
  const date = new Date(facts.startAt ?? meta.createdAt).toISOString().slice(0, 10);
  const slug =
    (facts.title || meta.title)
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'board';
  return `post-mortem-${date}-${slug}${FILE_TYPES[format].suffix}`;
}

export interface ExportFile {
  readonly body: string;
  readonly contentType: string;
  readonly fileName: string;
}

/** One export of the board as it is now. */
export function renderExport(doc: Y.Doc, format: ExportFormat, exportedAt: Date = new Date()): ExportFile {
  const fileName = exportFileName(doc, format);
  const contentType = FILE_TYPES[format].type;
  if (format === 'json') return { body: `${JSON.stringify(exportBoard(doc, exportedAt), null, 2)}\n`, contentType, fileName };
  const report = selectReport(doc);
  const render = { md: renderMarkdown, csv: renderActionsCsv, gh: renderGhScript, tasks: renderTaskList }[format];
  return { body: render(report), contentType, fileName };
}
