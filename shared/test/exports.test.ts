import { parse } from 'csv-parse/sync';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  CSV_HEADER,
  exportBoard,
  ghIssueArgs,
  importBoard,
  initBoard,
  parseBoardExport,
  publishVoteCounts,
  putParticipant,
  renderActionsCsv,
  renderGhScript,
  renderMarkdown,
  renderTaskList,
  selectReport,
  ServerOrigin,
  setActionText,
  writeNewAction,
} from '../src/index';
import { incidentBoard, PEOPLE } from './fixtures/incidentBoard';

/** seed 000's report template: its headings, in order. */
const TEMPLATE_HEADINGS = ['### Incident Summary', '### Timeline of Events', '### Root Cause(s)', '### What Went Well', '### What Could Be Improved', '### Action Items', '### Additional Notes'];

function emptyBoard(): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  initBoard(doc, { title: 'Quiet night', createdAt: Date.UTC(2026, 10, 20) });
  putParticipant(doc, { id: 'p-dana', name: 'Dana Okafor', color: '#1971c2', role: 'facilitator', joinedAt: Date.UTC(2026, 10, 20) });
  return doc;
}

/** The report's sections: the text under each template heading, up to the next. */
function sections(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  const starts = TEMPLATE_HEADINGS.map((heading) => markdown.indexOf(`\n${heading}\n`));
  TEMPLATE_HEADINGS.forEach((heading, i) => {
    const start = starts[i] as number;
    const end = starts[i + 1] ?? markdown.length;
    found.set(heading, markdown.slice(start + heading.length + 2, end));
  });
  return found;
}

const markdownToHtml = new MarkdownIt({ html: true, linkify: true });
const EXPORTED_AT = new Date(Date.UTC(2026, 10, 20, 12));

describe('exports of the fixture board', () => {
  const board = incidentBoard();
  const report = selectReport(board);

  it('the fixture is realistic: facts, ~40 cards, 6 themes, votes and 5 actions', () => {
    const data = exportBoard(board, EXPORTED_AT);
    expect(data.cards.length).toBeGreaterThanOrEqual(40);
    expect(report.themes).toHaveLength(6);
    expect(report.actions).toHaveLength(5);
    expect(Object.keys(data.votes).length).toBeGreaterThan(6);
    expect(report.timeline.length).toBe(8);
  });

  it('Markdown follows the template heading by heading, in order', async () => {
    const markdown = renderMarkdown(report);
    // The README links this file as the example report: it is the golden file too, so it never goes stale.
    await expect(markdown).toMatchFileSnapshot('../../docs/example-report.md');
    expect(markdown.startsWith('# Checkout outage: database connection pool exhausted\n\n> 2026-11-18 09:12 – 2026-11-18 10:47 (Europe/Berlin)')).toBe(true);
    const positions = TEMPLATE_HEADINGS.map((heading) => markdown.indexOf(`\n${heading}\n`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const body = sections(markdown);
    expect(body.get('### Incident Summary')).toContain('**Time to detect (TTD):** 14 min');
    expect(body.get('### Incident Summary')).toContain('**Time to resolve (TTR):** 1 h 35 min');
    expect(body.get('### Timeline of Events')).toMatch(/\| 2026-11-18 09:50 \| DB connection pool found exhausted \| App logs \| Theme: Connection pool exhaustion \|/);
    const rootCauses = body.get('### Root Cause(s)') as string;
    expect(rootCauses).toContain('##### Connection pool exhaustion (9 dots)');
    expect(body.get('### Additional Notes')).toContain('#### Themes and votes\n\n##### Connection pool exhaustion (9 dots)');
    expect(rootCauses).toContain('5. **Why?** → Load tests never simulate them because no one owns failure scenarios in the test plan');
    expect(rootCauses.indexOf('#### Contributing factors')).toBeLessThan(rootCauses.indexOf('Alerting was late and noisy'));
    expect(body.get('### What Went Well')).toContain('- **Fast, calm incident response** (3 dots)');
    expect(body.get('### What Could Be Improved')).toContain('#### What is an ongoing problem');
    const table = (body.get('### Action Items') as string).split('\n').filter((line) => line.startsWith('|'));
    expect(table[0]).toBe('| ID | Action | Owner | Priority | Due Date | Status |');
    expect(table.slice(2).map((row) => row.split(' | ')[0])).toEqual(report.actions.map((action) => `| ${action.ref}`));
    expect(body.get('### Additional Notes')).toContain('#### Retrospective Prime Directive');
  });

  it('the action items come in the one order: seeded by votes, then priority', () => {
    expect(report.actions.map((action) => [action.ref, action.priority])).toEqual([
      ['AI-001', 'High'],
      ['AI-002', 'High'],
      ['AI-003', 'Medium'],
      ['AI-004', 'Medium'],
      ['AI-005', 'Low'],
    ]);
  });

  it('CSV parsed back by a CSV parser equals the actions', async () => {
    const csv = renderActionsCsv(report);
    await expect(csv).toMatchFileSnapshot('./golden/fixture-actions.csv');
    const rows = parse<Record<string, string>>(csv, { columns: true, bom: true, relax_column_count: false });
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_HEADER]);
    expect(rows.map((row) => [row['Action ID'], row.Title, row.Owner, row['Due Date'], row.Priority, row.Status])).toEqual(
      report.actions.map((action) => [action.ref, action.title, action.owner, action.due, action.priority, action.status]),
    );
    expect(csv.split('\r\n').length).toBe(report.actions.length + 2);
  });

  it('the gh script and the task list name every action once, in order', async () => {
    await expect(renderGhScript(report)).toMatchFileSnapshot('./golden/fixture-issues.sh');
    await expect(renderTaskList(report)).toMatchFileSnapshot('./golden/fixture-tasks.md');
    expect(renderTaskList(report)).toContain('- [x] **AI-005** Trigger the support notification when a SEV-2 is declared (owner: Mei Chen, due 2026-12-11, low)');
  });

  it('JSON is versioned and an import recreates an identical board', async () => {
    const data = exportBoard(board, EXPORTED_AT);
    await expect(`${JSON.stringify(data, null, 2)}\n`).toMatchFileSnapshot('./golden/fixture-board.json');
    const checked = parseBoardExport(JSON.parse(JSON.stringify(data)));
    if (!checked.ok) throw new Error(checked.error);
    const copy = new Y.Doc({ gc: false });
    importBoard(copy, checked.data);
    expect(exportBoard(copy, EXPORTED_AT)).toEqual(data);
    expect(renderMarkdown(selectReport(copy))).toBe(renderMarkdown(report));
  });
});

describe('[R61] an imported board keeps its vote totals', () => {
  it('a recount without ballots keeps them; new dots add to them', () => {
    const data = exportBoard(incidentBoard(), EXPORTED_AT);
    const checked = parseBoardExport(data);
    if (!checked.ok) throw new Error(checked.error);
    const copy = new Y.Doc({ gc: false });
    importBoard(copy, checked.data);
    publishVoteCounts(copy, new Map());
    expect(exportBoard(copy, EXPORTED_AT).votes).toEqual(data.votes);
    const [item, total] = Object.entries(data.votes)[0] as [string, { dots: number }];
    const vote = { id: 'v000000001abcdefgh', item: item as `theme:${string}`, late: null, keptFrom: null };
    publishVoteCounts(copy, new Map([[PEOPLE.sam.participantId, [vote]]]));
    expect(exportBoard(copy, EXPORTED_AT).votes[item]).toEqual({ dots: total.dots + 1 });
  });
});

describe('[R61] what the board may hold, an export carries and an import takes', () => {
  it('a why or a card of a theme deleted since stays behind; the rest imports', () => {
    const doc = incidentBoard();
    const theme = selectReport(doc).themes.find((entry) => entry.whys.length > 0);
    if (!theme) throw new Error('fixture has whys');
    doc.getMap('themes').delete(theme.id);
    const data = exportBoard(doc, EXPORTED_AT);
    expect(data.whys).toEqual([]);
    expect(data.cards.every((card) => card.theme !== theme.id)).toBe(true);
    expect(parseBoardExport(JSON.parse(JSON.stringify(data))).ok).toBe(true);
  });

  it('imported totals keep no voter names where a facilitator could not hide them', () => {
    const data = exportBoard(incidentBoard(), EXPORTED_AT);
    const [item] = Object.keys(data.votes);
    data.votes[item as string] = { dots: 3, voters: { [PEOPLE.sam.participantId]: 3 } };
    const copy = new Y.Doc();
    const checked = parseBoardExport(data);
    if (!checked.ok) throw new Error(checked.error);
    importBoard(copy, checked.data);
    const imported = copy.getMap<Y.Map<unknown>>('session').get('importedVotes');
    expect(imported?.get(item as string)).toEqual({ dots: 3 });
  });
});

describe('exports of an empty board', () => {
  const report = selectReport(emptyBoard());

  it('every section is there and says "None recorded"', async () => {
    const markdown = renderMarkdown(report);
    await expect(markdown).toMatchFileSnapshot('./golden/empty-report.md');
    expect(markdown.startsWith('# Quiet night\n\n> Date and time not recorded')).toBe(true);
    for (const [heading, text] of sections(markdown)) {
      if (heading === '### Additional Notes') continue;
      expect(text, heading).toContain('None recorded');
    }
  });

  it('CSV holds the header only; the script creates nothing but the label; JSON imports', () => {
    expect(renderActionsCsv(report)).toBe(`${CSV_HEADER.join(',')}\r\n`);
    expect(renderGhScript(report)).not.toContain('gh issue create');
    const data = exportBoard(emptyBoard(), EXPORTED_AT);
    const copy = new Y.Doc();
    const checked = parseBoardExport(data);
    expect(checked.ok).toBe(true);
    if (checked.ok) importBoard(copy, checked.data);
    expect(exportBoard(copy, EXPORTED_AT)).toEqual(data);
  });
});

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click me](javascript:alert(1))',
  '# not a heading | not | a table',
  '=HYPERLINK("http://evil.example","x")',
  '+1 and -1 and @SUM(A1)',
  '\tstarts with a tab',
  "'; rm -rf ~; echo '",
  '$(touch /tmp/pwned) `touch /tmp/pwned2` && echo "$HOME"',
  'emoji 🔥🧯 and שלום עולם with \u202Eright-to-left override',
  `line one\nline two\r\nline three`,
  'x'.repeat(2000),
  '1. Restart the DB',
  'cc @octocat and @acme/security-team',
];

function hostileBoard(): Y.Doc {
  const doc = emptyBoard();
  const dana = { participantId: 'p-dana', role: 'facilitator' } as const;
  for (const text of HOSTILE) {
    addCard(doc, dana, { column: 'lessons-learned', text });
    let created: { id: string } | null = null;
    doc.transact(() => {
      created = writeNewAction(doc, dana.participantId, { title: text.slice(0, 300) }, Date.UTC(2026, 10, 20));
    }, new ServerOrigin('createAction'));
    setActionText(doc, dana, (created as unknown as { id: string }).id, 'description', text);
  }
  return doc;
}

describe('hostile card text exports safely', () => {
  const report = selectReport(hostileBoard());

  it('Markdown renders no markup from the text: no script, no image, no javascript: link, no extra heading or row', () => {
    const markdown = renderMarkdown(report);
    const html = markdownToHtml.render(markdown);
    expect(html).not.toMatch(/<script|<img|href="javascript:/i);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // A leading number stays a number, not a list, and shows no backslash.
    expect(html).toContain('<li>1. Restart the DB</li>');
    expect(html).not.toMatch(/\\\d/);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| AI-'));
    expect(rows).toHaveLength(HOSTILE.length);
    // Every row keeps the table's six columns: a pipe in the text is escaped.
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
  });

  it('CSV round-trips every character, with formulas neutralised', () => {
    const rows = parse<Record<string, string>>(renderActionsCsv(report), { columns: true });
    expect(rows).toHaveLength(HOSTILE.length);
    rows.forEach((row, i) => {
      const title = report.actions[i]?.title as string;
      expect(row.Title).toBe(/^[=+\-@\t\r]/.test(title) ? `'${title}` : title);
      for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    });
  });

  it('the gh arguments carry the text exactly, once the shell has read the quoted words', () => {
    const script = renderGhScript(report);
    expect(script.match(/^gh 'issue' 'create' /gm)).toHaveLength(HOSTILE.length);
    expect(ghIssueArgs(report.actions[7] as never, report)[3]).toBe(`AI-008: ${HOSTILE[7] as string}`);
    // Issue bodies mention nobody: "@octocat" would notify them.
    const mention = report.actions.find((action) => action.title.includes('@octocat'));
    const body = ghIssueArgs(mention as never, report)[5] as string;
    expect(body).toContain('@\u200boctocat');
    expect(body).not.toMatch(/@[a-z]/);
  });

  it('an export with hostile text imports back unchanged', () => {
    const data = exportBoard(hostileBoard(), EXPORTED_AT);
    const checked = parseBoardExport(JSON.parse(JSON.stringify(data)));
    expect(checked.ok).toBe(true);
    const copy = new Y.Doc();
    if (checked.ok) importBoard(copy, checked.data);
    expect(exportBoard(copy, EXPORTED_AT)).toEqual(data);
  });
});

describe('[R61] import refuses invalid input whole, naming what is wrong', () => {
  const good = () => JSON.parse(JSON.stringify(exportBoard(incidentBoard(), EXPORTED_AT))) as Record<string, unknown>;

  it.each([
    ['not an export at all', () => ({ hello: 'world' }), /format/],
    ['a future version', () => ({ ...good(), version: 2 }), /version/],
    ['a card in an unknown column', () => ({ ...good(), cards: [{ ...(good().cards as object[])[0], column: 'elsewhere' }] }), /cards\.0\.column/],
    ['a why under a theme the export lacks', () => ({ ...good(), themes: [] }), /whys: .* names a theme/],
    ['two actions with one number', () => ({ ...good(), actions: [(good().actions as object[])[0], { ...(good().actions as object[])[0], id: 'other' }] }), /actions: two actions share the number AI-001/],
    ['one number written two ways', () => ({ ...good(), actions: [(good().actions as object[])[0], { ...(good().actions as object[])[0], id: 'other', ref: 'AI-0001' }] }), /share the number AI-001/],
    ['a card in a theme the export lacks', () => ({ ...good(), cards: [{ ...(good().cards as object[])[0], theme: 'gone', themeOrder: 'a0' }] }), /cards: .* names a theme the export does not hold/],
    ['a garbled place in a theme', () => ({ ...good(), cards: [{ ...(good().cards as object[])[0], themeOrder: '!!' }] }), /cards\.0\.themeOrder: not a valid order key/],
    ['an owner the board could not hold', () => ({ ...good(), actions: [{ ...(good().actions as object[])[0], owner: 'garbage' }] }), /actions\.0\.owner: an owner is/],
    ['an action by someone not on the board', () => ({ ...good(), actions: [{ ...(good().actions as object[])[0], authorId: 'p-nobody' }] }), /author is not among the participants/],
    ['a card by someone not on the board', () => ({ ...good(), participants: (good().participants as { id: string }[]).filter((person) => person.id !== PEOPLE.sam.participantId) }), /author is not among the participants/],
  ])('%s', (_name, input, message) => {
    const checked = parseBoardExport(input());
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(message);
  });
});
