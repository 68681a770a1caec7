import type * as Y from 'yjs';
import { compareByOrder } from '../order';
import { linksMap, readLink, readWhy, whysMap, type LinkEnd, type LinkSnapshot, type WhySnapshot } from './model';

/** Every theme's five whys, each chain in display order (order key, then id). */
export function selectWhys(doc: Y.Doc): ReadonlyMap<string, readonly WhySnapshot[]> {
  const byTheme = new Map<string, WhySnapshot[]>();
  whysMap(doc).forEach((map, id) => {
    const why = readWhy(id, map);
    if (!why) return;
    const chain = byTheme.get(why.theme);
    if (chain) chain.push(why);
    else byTheme.set(why.theme, [why]);
  });
  for (const chain of byTheme.values()) chain.sort(compareByOrder);
  return byTheme;
}

/** The board's links, both ways; two people linking one pair at once count as one link. */
export interface LinkIndex {
  /** Link end → the ends it points at, in the order linked. */
  readonly targetsOf: ReadonlyMap<LinkEnd, readonly LinkEnd[]>;
  /** Link end → the ends pointing at it, in the order linked. */
  readonly sourcesOf: ReadonlyMap<LinkEnd, readonly LinkEnd[]>;
  /** Every link entity joining a pair, to remove them all when unlinking. */
  linksBetween(from: LinkEnd, to: LinkEnd): readonly LinkSnapshot[];
}

export function selectLinks(doc: Y.Doc): LinkIndex {
  const links: LinkSnapshot[] = [];
  linksMap(doc).forEach((map, id) => {
    const link = readLink(id, map);
    if (link) links.push(link);
  });
  links.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const targetsOf = new Map<LinkEnd, LinkEnd[]>();
  const sourcesOf = new Map<LinkEnd, LinkEnd[]>();
  const pairs = new Map<string, LinkSnapshot[]>();
  const add = (index: Map<LinkEnd, LinkEnd[]>, key: LinkEnd, value: LinkEnd) => {
    const list = index.get(key);
    if (!list) index.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };
  for (const link of links) {
    add(targetsOf, link.from, link.to);
    add(sourcesOf, link.to, link.from);
    const pair = `${link.from}\n${link.to}`;
    pairs.set(pair, [...(pairs.get(pair) ?? []), link]);
  }
  return { targetsOf, sourcesOf, linksBetween: (from, to) => pairs.get(`${from}\n${to}`) ?? [] };
}
