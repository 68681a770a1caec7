import { CSV_LABEL } from './csv';
import { inline } from './markdown';
import type { Report, ReportAction } from './select';

/**
 * A POSIX shell word holding exactly `text`: single quotes keep every character literal but
 * the single quote itself, which closes, is escaped, and reopens. NUL cannot pass through a
 * shell argument at all, so it is dropped.
 */
export function shellQuote(text: string): string {
  return `'${text.replace(/\0/g, '').replace(/'/g, `'\\''`)}'`;
}

function priorityLabel(action: ReportAction): string {
  return `priority: ${action.raw.priority}`;
}

/** "@name" in an issue body notifies that user or team: a zero-width space after each @ keeps the text and mentions nobody. */
function noMentions(text: string): string {
  return text.replace(/@/g, '@\u200b');
}

function issueBody(action: ReportAction, report: Report): string {
  const lines = [
    `From the post-mortem **${inline(report.facts.title.trim() || report.boardTitle)}** (action ${action.ref}).`,
    '',
    `- **Owner:** ${inline(action.owner) || 'not assigned yet'}`,
    `- **Due date:** ${action.due || 'none yet'}`,
    `- **Priority:** ${action.priority}`,
    `- **Status:** ${action.status}`,
  ];
  if (action.addresses.length > 0) lines.push(`- **Addresses:** ${action.addresses.map(inline).join('; ')}`);
  if (action.description.trim()) lines.push('', inline(action.description));
  return noMentions(lines.join('\n'));
}

/** The `gh issue create` arguments for one action; what the script runs, and what tests expect. */
export function ghIssueArgs(action: ReportAction, report: Report): readonly string[] {
  return ['issue', 'create', '--title', `${action.ref}: ${action.title}`, '--body', issueBody(action, report), '--label', CSV_LABEL, '--label', priorityLabel(action)];
}

/**
 * GitHub has no CSV import: a script of `gh issue create` commands, one per action in the
 * one order, every argument single-quoted. Labels are created first (or updated) so the
 * issues can carry them.
 */
export function renderGhScript(report: Report): string {
  const labels = [...new Set([CSV_LABEL, ...report.actions.map(priorityLabel)])];
  const lines = [
    '#!/bin/sh',
    `# GitHub issues for the actions of the post-mortem ${JSON.stringify(report.facts.title.trim() || report.boardTitle)}, made by Hindsight.`,
    '# Run it inside a clone of the repository (or with GH_REPO=owner/name set), with the gh CLI logged in.',
    'set -eu',
    '',
    ...labels.map((label) => `gh label create ${shellQuote(label)} --force >/dev/null`),
    '',
    ...report.actions.map((action) => `gh ${ghIssueArgs(action, report).map(shellQuote).join(' ')}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The actions as a Markdown task list, to paste into an issue, a pull request or a wiki page. */
export function renderTaskList(report: Report): string {
  if (report.actions.length === 0) return '_No action items recorded._\n';
  const lines = report.actions.map((action) => {
    const details = [action.owner ? `owner: ${inline(action.owner)}` : 'no owner yet', action.due ? `due ${action.due}` : 'no due date', action.priority.toLowerCase()];
    return `- [${action.raw.status === 'done' ? 'x' : ' '}] **${action.ref}** ${inline(action.title)} (${details.join(', ')})`;
  });
  return `${lines.join('\n')}\n`;
}
