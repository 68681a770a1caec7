import { renderExport, type ExportFormat } from '@hindsight/shared';
import type * as Y from 'yjs';

/** Saves one export of the board, rendered here from this browser's copy (it works offline too). */
export function downloadExport(doc: Y.Doc, format: ExportFormat): string {
  const file = renderExport(doc, format);
  const url = URL.createObjectURL(new Blob([file.body], { type: file.contentType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The browser has taken the file once the click's task is over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return file.fileName;
}
