import type * as Y from 'yjs';

/**
 * A root map's current value under `key`, read without creating the root: the gate never
 * changes the document it judges, not even by adding an empty root.
 */
export function rootValue(doc: Y.Doc, root: string, key: string): unknown {
  const item = doc.share.get(root)?._map.get(key);
  if (!item || item.deleted) return undefined;
  const content = item.content.getContent();
  return content[content.length - 1];
}
