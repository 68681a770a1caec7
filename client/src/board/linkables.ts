import { mayChangeCardContent, type Actor, type BoardLayout, type LinkEnd, type LinkIndex } from '@hindsight/shared';

export interface Linkable {
  readonly end: LinkEnd;
  readonly label: string;
}

/** Everything on the board a link can name: themes, then cards, as people read them. */
export function linkables(layout: BoardLayout): readonly Linkable[] {
  const cut = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text) || '(empty card)';
  return [
    ...layout.themes.map((theme) => ({ end: `theme:${theme.id}` as LinkEnd, label: `Theme: ${theme.title || 'untitled'}` })),
    ...[...Object.values(layout.columns).flat(), ...layout.themes.flatMap((theme) => theme.cards)].map((card) => ({ end: `card:${card.id}` as LinkEnd, label: cut(card.text) })),
  ];
}

/** Whether `actor` may remove every link between two ends (R56): each one's author, or a facilitator. */
export function mayUnlink(links: LinkIndex, actor: Actor, from: LinkEnd, to: LinkEnd): boolean {
  return links.linksBetween(from, to).every((one) => mayChangeCardContent(actor, one.authorId));
}
