import { formatDuration, renderMarkdown, ROOT, selectReport, SEVERITIES, type ExportFormat, type Report, type ReportTheme } from '@hindsight/shared';
import type * as Y from 'yjs';
import { useDocSelector } from '../sync/useBoard';
import { useUi } from '../uiStore';
import { downloadExport } from './download';
import { WRAP_UP_ID } from './ids';
import { PrintedFacts, PrintedReflections } from './PrintedSections';


const DOWNLOADS: readonly { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'md', label: 'Report (Markdown)', hint: 'The post-mortem report, section by section' },
  { format: 'csv', label: 'Actions (CSV)', hint: 'For the CSV import of Jira, Linear or Azure DevOps' },
  { format: 'gh', label: 'GitHub issues (script)', hint: 'A shell script of gh issue create commands' },
  { format: 'tasks', label: 'Task list (Markdown)', hint: 'To paste into an issue or a wiki page' },
  { format: 'json', label: 'Whole board (JSON)', hint: 'Imports into a new board' },
];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The report reads nearly everything on the board. */
const REPORT_ROOTS = [ROOT.board, ROOT.participants, ROOT.session, ROOT.cards, ROOT.themes, ROOT.facts, ROOT.timeline, ROOT.tally, ROOT.whys, ROOT.notes, ROOT.links, ROOT.actions];

/** The post-mortem report as the exports render it, recomputed while the Wrap-up is open. */
function useReport(doc: Y.Doc): Report {
  return useDocSelector(doc, selectReport, REPORT_ROOTS);
}

function ThemeSummary({ theme, shown }: { theme: ReportTheme; shown: boolean }) {
  return (
    <li className="wrap-theme">
      <p>
        <strong>{theme.title || 'Untitled theme'}</strong>
        {theme.tagLabel && <span className={`tag-chip ${theme.tag ?? ''}`}>{theme.tagLabel}</span>}
        {shown && theme.dots > 0 && <span className="dots-chip">{plural(theme.dots, 'dot')}</span>}
      </p>
      {theme.notes.trim() && <p className="notes-text">{theme.notes}</p>}
      {theme.whys.length > 0 && (
        <ol className="wrap-whys">
          {theme.whys.map((why, i) => (
            <li key={i}>
              <span className="why-label">Why?</span> {why || '…'}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

function Figures({ report }: { report: Report }) {
  const cards = Object.values(report.cardsByColumn).reduce((sum, list) => sum + list.length, 0);
  const dots = report.votesShown ? report.themes.reduce((sum, theme) => sum + theme.dots, 0) + Object.values(report.cardsByColumn).flat().reduce((sum, card) => sum + card.dots, 0) : null;
  const unowned = report.actions.filter((action) => !action.owner || !action.due).length;
  return (
    <dl className="wrap-figures">
      <div>
        <dt>Cards</dt>
        <dd>{cards}</dd>
      </div>
      <div>
        <dt>Themes</dt>
        <dd>{report.themes.length}</dd>
      </div>
      <div>
        <dt>Dots</dt>
        <dd>{dots ?? 'hidden'}</dd>
      </div>
      <div>
        <dt>Actions</dt>
        <dd>
          {report.actions.length}
          {unowned > 0 && <span className="warn"> ({unowned} without owner or date)</span>}
        </dd>
      </div>
    </dl>
  );
}

/** The wrap-up: what the session found and decided, the exports, and a page that prints as the report. */
export default function WrapUpView({ doc, onClose, onEnd }: { doc: Y.Doc; onClose: () => void; onEnd: (() => void) | null }) {
  const report = useReport(doc);
  const showToast = useUi((state) => state.showToast);
  const severity = SEVERITIES.find((entry) => entry.id === report.facts.severity);
  const tagged = (tag: ReportTheme['tag']) => report.themes.filter((theme) => theme.tag === tag);
  const causes = [...tagged('root-cause'), ...tagged('contributing')];
  const time = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));
  const copy = () => {
    navigator.clipboard.writeText(renderMarkdown(report)).then(
      () => showToast({ message: 'The report is on your clipboard, in Markdown.' }),
      () => showToast({ message: 'Copying failed; download the Markdown instead.' }),
    );
  };
  return (
    <section id={WRAP_UP_ID} className="wrap-up print-report" aria-labelledby="wrap-up-heading">
      <header className="panel-header no-print">
        <h2 id="wrap-up-heading">Wrap-up</h2>
        <span className="hint">Key takeaways and next steps; every export comes from this board as it is now.</span>
        <button type="button" className="icon" aria-label="Close the wrap-up" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="exports no-print" role="group" aria-label="Exports">
        {DOWNLOADS.map((entry) => (
          <button key={entry.format} type="button" className="secondary" title={entry.hint} onClick={() => showToast({ message: `Saved ${downloadExport(doc, entry.format)}.` })}>
            {entry.label}
          </button>
        ))}
        <button type="button" className="secondary" onClick={copy}>
          Copy Markdown
        </button>
        <button type="button" className="primary" onClick={() => window.print()}>
          Print or save as PDF
        </button>
        {onEnd && (
          <button type="button" className="secondary" onClick={onEnd}>
            End the session…
          </button>
        )}
      </div>
      <article className="report">
        <h1 className="print-only">{report.facts.title || report.boardTitle}</h1>
        <p className="report-facts">
          <strong>{report.facts.title || report.boardTitle}</strong>
          {severity && <span className="tag-chip">{severity.label}</span>}
          {report.duration !== null && <span>lasted {formatDuration(report.duration)}</span>}
          {[report.times.detect, report.times.mitigate, report.times.resolve].some((ms) => ms !== null) ? (
            <span>
              TTD {time(report.times.detect)} · TTM {time(report.times.mitigate)} · TTR {time(report.times.resolve)}
            </span>
          ) : (
            <span className="hint no-print">TTD, TTM and TTR show once timeline events are marked Detected, Mitigated and Resolved (Facts).</span>
          )}
        </p>
        {report.facts.summary.trim() && <p className="report-summary">{report.facts.summary}</p>}
        <Figures report={report} />
        <PrintedFacts report={report} />
        <h3>Root causes and contributing factors</h3>
        {causes.length > 0 ? (
          <ul className="wrap-themes">
            {causes.map((theme) => (
              <ThemeSummary key={theme.id} theme={theme} shown={report.votesShown} />
            ))}
          </ul>
        ) : (
          <p className="hint">None tagged yet: tag themes as root cause or contributing factor.</p>
        )}
        <h3>Themes by votes</h3>
        {report.themes.length > 0 ? (
          <ol className="wrap-ranking">
            {report.themes.map((theme) => (
              <li key={theme.id}>
                {theme.title || 'Untitled theme'}
                {report.votesShown && theme.dots > 0 && <span className="dots-chip">{plural(theme.dots, 'dot')}</span>}
                {theme.tagLabel && <span className={`tag-chip ${theme.tag ?? ''}`}>{theme.tagLabel}</span>}
                <span className="muted"> · {plural(theme.cards.length, 'card')}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="hint">No themes yet.</p>
        )}
        <h3>What went well</h3>
        {tagged('went-well').length + report.cardsByColumn['went-well'].length > 0 ? (
          <ul>
            {tagged('went-well').map((theme) => (
              <li key={theme.id}>
                <strong>{theme.title}</strong>
              </li>
            ))}
            {report.cardsByColumn['went-well']
              .filter((card) => card.themeTitle === null)
              .map((card) => (
                <li key={card.id}>{card.text}</li>
              ))}
          </ul>
        ) : (
          <p className="hint">None recorded.</p>
        )}
        <h3>Action items</h3>
        {report.actions.length > 0 ? (
          <div className="table-scroll">
          <table className="wrap-actions">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Action</th>
                <th scope="col">Owner</th>
                <th scope="col">Priority</th>
                <th scope="col">Due date</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {report.actions.map((action) => (
                <tr key={action.id}>
                  <td className="nowrap">{action.ref}</td>
                  <td>{action.title || 'Untitled action'}</td>
                  <td className={action.owner ? '' : 'warn'}>{action.owner || 'nobody yet'}</td>
                  <td>{action.priority}</td>
                  <td className={action.due ? 'nowrap' : 'warn'}>{action.due || 'none yet'}</td>
                  <td>{action.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        ) : (
          <p className="hint">No actions yet.</p>
        )}
        <PrintedReflections report={report} />
        <h3>Participants</h3>
        <p>{report.participants.map((person) => person.name).join(', ') || 'None recorded.'}</p>
        <blockquote className="wrap-directive">{report.primeDirective}</blockquote>
      </article>
    </section>
  );
}
