import * as encoding from 'lib0/encoding';

/**
 * Writes Yjs v1 updates by hand, so tests can send what no Yjs client would: the hostile
 * and malformed updates the gate must refuse. Content refs follow yjs's readItemContent.
 */
export type WireId = readonly [client: number, clock: number];

export type WireContent =
  | { readonly any: readonly unknown[] }
  | { readonly text: string }
  | { readonly deleted: number }
  | { readonly type: 'array' | 'map' | 'text' };

export type WireStruct =
  | { readonly gc: number }
  | { readonly skip: number }
  | {
      readonly origin?: WireId;
      readonly right?: WireId;
      /** Written only when neither neighbour is: a root name or the item holding the parent type. */
      readonly parent?: string | WireId;
      readonly key?: string;
      readonly content: WireContent;
    };

export interface WireSection {
  readonly client: number;
  readonly clock: number;
  readonly structs: readonly WireStruct[];
}

export type WireDeletes = readonly (readonly [client: number, ranges: readonly (readonly [clock: number, len: number])[]])[];

const TYPE_REFS = { array: 0, map: 1, text: 2 } as const;

function contentRef(content: WireContent): number {
  if ('any' in content) return 8;
  if ('text' in content) return 4;
  if ('deleted' in content) return 1;
  return 7;
}

function writeStruct(encoder: encoding.Encoder, struct: WireStruct): void {
  if ('gc' in struct) {
    encoding.writeUint8(encoder, 0);
    encoding.writeVarUint(encoder, struct.gc);
    return;
  }
  if ('skip' in struct) {
    encoding.writeUint8(encoder, 10);
    encoding.writeVarUint(encoder, struct.skip);
    return;
  }
  const info = contentRef(struct.content) | (struct.origin ? 128 : 0) | (struct.right ? 64 : 0) | (struct.key !== undefined ? 32 : 0);
  encoding.writeUint8(encoder, info);
  for (const id of [struct.origin, struct.right]) {
    if (!id) continue;
    encoding.writeVarUint(encoder, id[0]);
    encoding.writeVarUint(encoder, id[1]);
  }
  if (!struct.origin && !struct.right) {
    if (typeof struct.parent === 'string') {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, struct.parent);
    } else {
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, struct.parent?.[0] ?? 0);
      encoding.writeVarUint(encoder, struct.parent?.[1] ?? 0);
    }
    if (struct.key !== undefined) encoding.writeVarString(encoder, struct.key);
  }
  const content = struct.content;
  if ('any' in content) {
    encoding.writeVarUint(encoder, content.any.length);
    for (const value of content.any) encoding.writeAny(encoder, value as never);
  } else if ('text' in content) {
    encoding.writeVarString(encoder, content.text);
  } else if ('deleted' in content) {
    encoding.writeVarUint(encoder, content.deleted);
  } else {
    encoding.writeVarUint(encoder, TYPE_REFS[content.type]);
  }
}

export function encodeWireUpdate(sections: readonly WireSection[], deletes: WireDeletes = []): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, sections.length);
  for (const section of sections) {
    encoding.writeVarUint(encoder, section.structs.length);
    encoding.writeVarUint(encoder, section.client);
    encoding.writeVarUint(encoder, section.clock);
    for (const struct of section.structs) writeStruct(encoder, struct);
  }
  encoding.writeVarUint(encoder, deletes.length);
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}
