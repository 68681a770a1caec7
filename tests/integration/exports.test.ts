import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addCard, exportBoard, ghIssueArgs, groupCards, importBoard, parseBoardExport, selectActions, selectReport, setActionFields, setThemeTag, addWhy, selectLayout, type BoardExport } from '@hindsight/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { incidentBoard } from '../../shared/test/fixtures/incidentBoard';
import { cleanupsAfterEach, connectClient } from './clients';
import { api, command, createBoard, eventually, joinBoard, removeDir, serverPerFile, startTestServer, until } from './helpers';

const fileServer = serverPerFile();
const cleanups = cleanupsAfterEach();

async function download(boardId: string, format: string, token?: string) {
  const response = await fetch(`${fileServer().url}/api/boards/${boardId}/export?format=${format}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), text: await response.text() };
}

function withoutTime(data: BoardExport): Omit<BoardExport, 'exportedAt'> {
  const { exportedAt: _ignored, ...rest } = data;
  return rest;
}

async function importExport(body: unknown) {
  return api(fileServer().url, '/api/boards/import', { body });
}

describe('actions and exports over HTTP', () => {
  it('[R57] two people creating actions at once get different numbers; both reach every client', async () => {
    const board = await createBoard(fileServer().url);
    const dana = await joinBoard(fileServer().url, board.id, 'Dana', board.facilitatorKey);
    const sam = await joinBoard(fileServer().url, board.id, 'Sam');
    await command(fileServer().url, board.id, dana.token, { type: 'setPhase', phase: 'actions' });
    const samClient = await connectClient(cleanups, fileServer().url, board.id, sam.token);
    const [first, second] = await Promise.all([
      command(fileServer().url, board.id, dana.token, { type: 'createAction', title: 'Add pool alert' }),
      command(fileServer().url, board.id, sam.token, { type: 'createAction', title: 'Write runbook' }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const refs = [first.body.created, second.body.created].map((created) => (created as { ref: string }).ref).sort();
    expect(refs).toEqual(['AI-001', 'AI-002']);
    await until(() => selectActions(samClient.doc).length === 2, 5000, 'both actions at Sam');
    // Sam edits his through the document; the gate lets it through in the Actions phase.
    const samsId = (second.body.created as { id: string }).id;
    setActionFields(samClient.doc, { participantId: sam.participantId, role: 'participant' }, samsId, { due: '2026-12-18', owner: { kind: 'participant', id: sam.participantId } });
    const text = await eventually(async () => (await download(board.id, 'csv', board.facilitatorKey)).text, (csv) => csv.includes('2026-12-18'), 5000, "Sam's due date in the CSV");
    expect(text).toMatch(/AI-00\d,Write runbook,.*,Sam,2026-12-18,Medium,2,Open,post-mortem,Task,/);
  });

  it('[R59] a participant cannot create an action before the Actions phase: 409 with the rule', async () => {
    const board = await createBoard(fileServer().url);
    const sam = await joinBoard(fileServer().url, board.id, 'Sam');
    const refused = await command(fileServer().url, board.id, sam.token, { type: 'createAction', title: 'Too early' });
    expect(refused).toMatchObject({ status: 409, body: { rule: 'R59' } });
    const invalid = await command(fileServer().url, board.id, sam.token, { type: 'createAction', title: 'x', from: 'event:1' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/from: An action is made from a card/);
  });

  it('[R60] exports answer participants and the facilitator key, and nobody else', async () => {
    const board = await createBoard(fileServer().url, 'Exports');
    const sam = await joinBoard(fileServer().url, board.id, 'Sam');
    for (const format of ['md', 'csv', 'json', 'gh', 'tasks']) {
      expect((await download(board.id, format, sam.token)).status, format).toBe(200);
      expect((await download(board.id, format, board.facilitatorKey)).status, format).toBe(200);
    }
    const md = await download(board.id, 'md', sam.token);
    expect(md.type).toBe('text/markdown; charset=utf-8');
    expect(md.disposition).toMatch(/^attachment; filename="post-mortem-\d{4}-\d{2}-\d{2}-exports\.md"$/);
    expect(md.text).toContain('### Action Items\n\n_None recorded._');
    const none = await download(board.id, 'md');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ rule: 'R60' });
    expect((await download(board.id, 'md', 'not-a-token')).status).toBe(401);
    const other = await createBoard(fileServer().url, 'Other');
    expect((await download(board.id, 'md', other.facilitatorKey)).status).toBe(401);
    expect((await download('no-such-board', 'md', sam.token)).status).toBe(404);
    const unknown = await download(board.id, 'pdf', sam.token);
    expect(unknown.status).toBe(400);
    expect((JSON.parse(unknown.text) as { error: string }).error).toMatch(/Unknown export format "pdf"/);
  });

  it('the Markdown export carries what two clients wrote live: a root-cause tag and its whys', async () => {
    const board = await createBoard(fileServer().url);
    const dana = await joinBoard(fileServer().url, board.id, 'Dana', board.facilitatorKey);
    const sam = await joinBoard(fileServer().url, board.id, 'Sam');
    const danaClient = await connectClient(cleanups, fileServer().url, board.id, dana.token);
    const samClient = await connectClient(cleanups, fileServer().url, board.id, sam.token);
    // Two cards grouped by Dana's client make a theme.
    const actor = { participantId: dana.participantId, role: 'facilitator' as const };
    const a = addCard(danaClient.doc, actor, { column: 'lessons-learned', text: 'Pool leaked' });
    const b = addCard(danaClient.doc, actor, { column: 'lessons-learned', text: 'No pool metric' });
    if (!a.ok || !b.ok) throw new Error('cards');
    groupCards(danaClient.doc, actor, a.value.cardId, b.value.cardId);
    await until(() => selectLayout(samClient.doc).themes.length === 1, 5000, 'the theme at Sam');
    const themeId = selectLayout(samClient.doc).themes[0]?.id as string;
    const samActor = { participantId: sam.participantId, role: 'participant' as const };
    setThemeTag(samClient.doc, samActor, themeId, 'root-cause');
    addWhy(samClient.doc, samActor, themeId, 'Connections were not released on errors');
    const md = await eventually(async () => (await download(board.id, 'md', dana.token)).text, (text) => text.includes('Connections were not released'), 5000, 'the why in the report');
    expect(md).toContain('#### Primary causes\n\n##### Theme 1');
    expect(md).toContain('1. **Why?** → Connections were not released on errors');
  });
});

describe('[R61] import', () => {
  it('an imported export makes a new board whose export is identical', async () => {
    const original = exportBoard(incidentBoard());
    const created = await importExport(original);
    expect(created.status).toBe(201);
    expect(typeof created.body.id).toBe('string');
    expect(typeof created.body.facilitatorKey).toBe('string');
    expect(created.body.url).toBe(`/b/${created.body.id as string}#fk=${created.body.facilitatorKey as string}`);
    const copy = await download(created.body.id as string, 'json', created.body.facilitatorKey as string);
    expect(withoutTime(JSON.parse(copy.text) as BoardExport)).toEqual(withoutTime(original));
    // The new board is live: someone joins with the facilitator key and sees the actions.
    const joined = await joinBoard(fileServer().url, created.body.id as string, 'Importer', created.body.facilitatorKey as string);
    const client = await connectClient(cleanups, fileServer().url, created.body.id as string, joined.token);
    expect(selectActions(client.doc).map((action) => action.ref)).toEqual(['AI-001', 'AI-002', 'AI-003', 'AI-004', 'AI-005']);
    // A recount (this command publishes one in its own transaction) keeps the imported totals: their ballots stayed behind.
    expect((await command(fileServer().url, created.body.id as string, joined.token, { type: 'setVoteSettings', showVoters: false })).status).toBe(200);
    const after = JSON.parse((await download(created.body.id as string, 'json', joined.token)).text) as BoardExport;
    expect(after.votes).toEqual(original.votes);
  });

  it('invalid input is refused whole with a 4xx naming what is wrong, and makes no board', async () => {
    const good = JSON.parse(JSON.stringify(exportBoard(incidentBoard()))) as Record<string, unknown>;
    const cases: [unknown, number, RegExp][] = [
      [{ ...good, version: 9 }, 400, /version/],
      [{ ...good, themes: 'none' }, 400, /themes/],
      [{ ...good, actions: [{ ...(good.actions as object[])[0], due: 'tomorrow' }] }, 400, /actions\.0\.due/],
    ];
    for (const [body, status, message] of cases) {
      const refused = await importExport(body);
      expect(refused.status).toBe(status);
      expect(refused.body.error).toMatch(message);
      expect(refused.body.rule).toBe('R61');
    }
    expect((await api(fileServer().url, '/api/boards/import', { rawBody: '{"format":' })).body.error).toMatch(/not valid JSON/);
  });

  it('an export that would make a board larger than one sync message gets 413 and makes no board', async () => {
    const tight = await startTestServer(undefined, { maxFrameBytes: 8 * 1024 });
    try {
      const refused = await api(tight.url, '/api/boards/import', { body: exportBoard(incidentBoard()) });
      expect(refused.status).toBe(413);
      expect(refused.body.error).toMatch(/more than the 8192 one sync message may carry/);
    } finally {
      await tight.close();
      removeDir(tight.dataDir);
    }
  });

  it('an export larger than the import limit gets 413', async () => {
    const small = await startTestServer(undefined, { maxImportBytes: 2048 });
    try {
      const refused = await api(small.url, '/api/boards/import', { body: exportBoard(incidentBoard()) });
      expect(refused.status).toBe(413);
    } finally {
      await small.close();
      removeDir(small.dataDir);
    }
  });
});

describe('the gh script, run against a fake gh', () => {
  const HOSTILE_TITLES = ["'; rm -rf ~; echo '", '$(touch pwned) `touch pwned2` && echo "$HOME"', 'emoji 🔥 and שלום with \u202Eoverride', 'line one\nline two', '-starts-with-dash --label evil'];

  it('receives exactly the expected arguments, however hostile the text', async () => {
    const data = JSON.parse(JSON.stringify(exportBoard(incidentBoard()))) as BoardExport;
    data.actions.forEach((action, i) => {
      action.title = HOSTILE_TITLES[i] as string;
      action.description = `${HOSTILE_TITLES[(i + 1) % HOSTILE_TITLES.length] as string}\n\\ back\\slash`;
    });
    const created = await importExport(data);
    expect(created.status).toBe(201);
    const script = await download(created.body.id as string, 'gh', created.body.facilitatorKey as string);
    expect(script.disposition).toMatch(/-issues\.sh"$/);
    const dir = mkdtempSync(join(tmpdir(), 'fake-gh-'));
    try {
      const log = join(dir, 'calls');
      // The fake records each call's arguments, NUL-separated, one call per record.
      writeFileSync(join(dir, 'gh'), `#!/bin/sh\nfor arg in "$@"; do printf '%s\\0' "$arg" >> '${log}'; done\nprintf '\\036' >> '${log}'\n`);
      chmodSync(join(dir, 'gh'), 0o755);
      writeFileSync(join(dir, 'issues.sh'), script.text);
      execFileSync('sh', [join(dir, 'issues.sh')], { cwd: dir, env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, HOME: dir } });
      const calls = readFileSync(log, 'utf8')
        .split('\u001e')
        .filter(Boolean)
        .map((call) => call.split('\0').slice(0, -1));
      const local = new Y.Doc();
      const checked = parseBoardExport(data);
      if (!checked.ok) throw new Error(checked.error);
      importBoard(local, checked.data);
      const report = selectReport(local);
      const issueCalls = calls.filter((call) => call[0] === 'issue');
      expect(issueCalls).toEqual(report.actions.map((action) => [...ghIssueArgs(action, report)]));
      expect(issueCalls.map((call) => call[3])).toEqual(report.actions.map((action) => `${action.ref}: ${action.title}`));
      expect(calls.filter((call) => call[0] === 'label').map((call) => call[2])).toEqual(['post-mortem', 'priority: high', 'priority: medium', 'priority: low']);
      expect(readFileSync(log, 'utf8')).not.toContain('pwned\0');
      expect(() => readFileSync(join(dir, 'pwned'))).toThrow();
    } finally {
      removeDir(dir);
    }
  });
});
