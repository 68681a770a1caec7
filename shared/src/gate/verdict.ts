import * as Y from 'yjs';
import type { RuleId } from '../rules';

/** What an allowed update regroups (R44), for the server's late marks. */
export interface Regrouping {
  readonly cards: readonly string[];
  readonly themes: readonly string[];
}

/** Votes an allowed update casts and takes back, for the server's late marks (R49). */
export interface VoteChanges {
  readonly cast: readonly string[];
  readonly withdrawn: readonly string[];
}

export type Verdict =
  | { readonly ok: true; readonly grouping?: Regrouping; readonly votes?: VoteChanges }
  | { readonly ok: false; readonly rule: RuleId; readonly reason: string };

export const ALLOWED: Verdict = Object.freeze({ ok: true });

/** An update decoded without touching any document, with the bytes kept for applying it. */
export interface DecodedUpdate {
  readonly bytes: Uint8Array;
  readonly structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>;
  readonly ds: { readonly clients: ReadonlyMap<number, ReadonlyArray<{ clock: number; len: number }>> };
}

/** Thrown inside the gate to stop at the first broken rule. */
export class Refusal extends Error {
  constructor(
    readonly rule: RuleId,
    message: string,
  ) {
    super(message);
  }
}

export function refuse(rule: RuleId, message: string): never {
  throw new Refusal(rule, message);
}

/** Client ids of the section headers of the update being decoded (decoding is synchronous). */
const sectionClients: number[] = [];

/**
 * Notes the client id of every section header. Y.decodeUpdate lists the structs of all
 * sections, but Y.applyUpdate keeps only the last section of a client, so an update that
 * names a client twice would be judged on structs that are never applied.
 */
class SectionRecordingDecoder extends Y.UpdateDecoderV1 {
  override readClient(): number {
    const client = super.readClient();
    sectionClients.push(client);
    return client;
  }
}

/**
 * Decodes fully before anything is applied: Y.applyUpdate on truncated bytes integrates
 * what it read before it throws, so bytes are never applied unchecked (R12).
 */
export function decodeUpdate(bytes: Uint8Array): { ok: true; update: DecodedUpdate } | Extract<Verdict, { ok: false }> {
  try {
    sectionClients.length = 0;
    const { structs, ds } = Y.decodeUpdateV2(bytes, SectionRecordingDecoder);
    if (new Set(sectionClients).size !== sectionClients.length) {
      return { ok: false, rule: 'R10', reason: 'The update lists one client in two sections.' };
    }
    return { ok: true, update: { bytes, structs, ds } };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, rule: 'R10', reason: `The update could not be decoded (${detail}).` };
  }
}
