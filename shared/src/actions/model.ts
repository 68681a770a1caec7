import * as Y from 'yjs';
import { ROOT } from '../layout';
import { isValidOrderKey } from '../order';
import type { PhaseId } from '../session/phases';

/** Fields of an action item's Y.Map (R57, R58), seed 002's action items table and more. */
export const ACTION_FIELD = {
  id: 'id',
  /** AI-001, AI-002, …: given by the server in the order actions are made, never reused (R57). */
  ref: 'ref',
  title: 'title',
  description: 'description',
  /** '' for nobody yet, `p:<participant id>` for someone on the board, `t:<name>` for anyone else. */
  owner: 'owner',
  /** A calendar date, YYYY-MM-DD, or '' for none. */
  due: 'due',
  priority: 'priority',
  status: 'status',
  order: 'order',
  authorId: 'authorId',
  createdAt: 'createdAt',
} as const;

export const ACTION_FIELDS: readonly string[] = Object.values(ACTION_FIELD);
export const IMMUTABLE_ACTION_FIELDS: readonly string[] = [
  ACTION_FIELD.id,
  ACTION_FIELD.ref,
  ACTION_FIELD.title,
  ACTION_FIELD.description,
  ACTION_FIELD.authorId,
  ACTION_FIELD.createdAt,
];

export const PRIORITIES = [
  { id: 'high', label: 'High', weight: 3 },
  { id: 'medium', label: 'Medium', weight: 2 },
  { id: 'low', label: 'Low', weight: 1 },
] as const;

export const STATUSES = [
  { id: 'open', label: 'Open' },
  { id: 'in-progress', label: 'In progress' },
  { id: 'done', label: 'Done' },
] as const;

export type Priority = (typeof PRIORITIES)[number]['id'];
export type ActionStatus = (typeof STATUSES)[number]['id'];

/** Phases in which participants make and edit actions; facilitators may any time (R58, R59). */
export const ACTION_PHASES: readonly PhaseId[] = ['actions', 'wrap-up'];

export const MAX_ACTION_TITLE_LENGTH = 300;
export const MAX_ACTION_DESCRIPTION_LENGTH = 5000;
export const MAX_OWNER_LENGTH = 120;
/** A board holds at most this many actions: AI-999 is the last number of three digits, and a meeting never needs more. */
export const MAX_ACTIONS = 999;

export type Owner = { readonly kind: 'participant'; readonly id: string } | { readonly kind: 'name'; readonly name: string };

export interface ActionSnapshot {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly description: string;
  readonly owner: Owner | null;
  readonly due: string | null;
  readonly priority: Priority;
  readonly status: ActionStatus;
  readonly order: string;
  readonly authorId: string;
  readonly createdAt: number;
}

export function isPriority(value: unknown): value is Priority {
  return PRIORITIES.some((priority) => priority.id === value);
}

export function isActionStatus(value: unknown): value is ActionStatus {
  return STATUSES.some((status) => status.id === value);
}

export function priorityLabel(priority: Priority): string {
  return PRIORITIES.find((entry) => entry.id === priority)?.label ?? priority;
}

export function statusLabel(status: ActionStatus): string {
  return STATUSES.find((entry) => entry.id === status)?.label ?? status;
}

/** A real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isDueDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function actionRef(n: number): string {
  return `AI-${String(n).padStart(3, '0')}`;
}

export function encodeOwner(owner: Owner | null): string {
  if (!owner) return '';
  return owner.kind === 'participant' ? `p:${owner.id}` : `t:${owner.name}`;
}

export function decodeOwner(value: unknown): Owner | null {
  if (typeof value !== 'string' || value.length > MAX_OWNER_LENGTH + 2) return null;
  if (value.startsWith('p:') && value.length > 2) return { kind: 'participant', id: value.slice(2) };
  if (value.startsWith('t:') && value.trim().length > 2) return { kind: 'name', name: value.slice(2) };
  return null;
}

/** An owner field value the gate lets through (R58): nobody, or a participant id or a name of bounded length. */
export function isOwnerValue(value: unknown): boolean {
  return value === '' || decodeOwner(value) !== null;
}

export function actionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(ROOT.actions);
}

/** An action's plain snapshot, or null when the map is not a whole action (the gate keeps those out). */
export function readAction(id: string, map: unknown): ActionSnapshot | null {
  if (!(map instanceof Y.Map)) return null;
  const ref: unknown = map.get(ACTION_FIELD.ref);
  const title: unknown = map.get(ACTION_FIELD.title);
  const description: unknown = map.get(ACTION_FIELD.description);
  const order: unknown = map.get(ACTION_FIELD.order);
  const authorId: unknown = map.get(ACTION_FIELD.authorId);
  const createdAt: unknown = map.get(ACTION_FIELD.createdAt);
  if (typeof ref !== 'string' || !(title instanceof Y.Text) || !isValidOrderKey(order) || typeof authorId !== 'string' || typeof createdAt !== 'number') {
    return null;
  }
  const due: unknown = map.get(ACTION_FIELD.due);
  const priority: unknown = map.get(ACTION_FIELD.priority);
  const status: unknown = map.get(ACTION_FIELD.status);
  return Object.freeze({
    id,
    ref,
    title: title.toJSON(),
    description: description instanceof Y.Text ? description.toJSON() : '',
    owner: decodeOwner(map.get(ACTION_FIELD.owner)),
    due: isDueDate(due) ? due : null,
    priority: isPriority(priority) ? priority : 'medium',
    status: isActionStatus(status) ? status : 'open',
    order,
    authorId,
    createdAt,
  });
}
