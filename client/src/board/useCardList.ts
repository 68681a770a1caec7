import { groupingIsLate, PRESENCE_FIELD, shownCards, type Actor, type BoardLayout, type CardSnapshot, type SessionSnapshot } from '@hindsight/shared';
import { useCallback, useMemo } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { useRemoteMarks } from './presence/useRemoteMarks';
import type { CardListProps } from './SortableCards';

interface CardListInput {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly layout: BoardLayout;
  readonly session: SessionSnapshot;
  readonly participants: CardListProps['participants'];
  readonly onDelete: CardListProps['onDelete'];
  readonly provider: WebsocketProvider;
  /** Shown most-voted first: the order on screen is not the board's, so nothing may be dragged. */
  readonly sortedByVotes: boolean;
}

/**
 * What the columns and themes share: who may move what (R44: everyone regroups in the Group
 * phase and before the session, facilitators at any time, and you may always move your own
 * cards between columns), the facilitator's late marks, and who else is dragging.
 */
export function useCardList({ doc, actor, layout, session, participants, onDelete, provider, sortedByVotes }: CardListInput): CardListProps & { regroup: boolean; lateCount: number } {
  const readOnly = session.ended;
  const facilitates = actor.role === 'facilitator';
  const regroup = !readOnly && !groupingIsLate(session, actor);
  const me = actor.participantId;
  const grouped = layout.themeOfCard;
  const remoteDrags = useRemoteMarks(provider.awareness, PRESENCE_FIELD.dragging);
  const remoteEditors = useRemoteMarks(provider.awareness, PRESENCE_FIELD.editing);
  // A card in someone else's hand cannot be picked up: two hands on one card confuse both.
  const movable = useCallback(
    (card: CardSnapshot) => !readOnly && !sortedByVotes && !remoteDrags.has(card.id) && (regroup || (card.authorId === me && !grouped.has(card.id))),
    [readOnly, sortedByVotes, regroup, me, grouped, remoteDrags],
  );
  const lateOf = useCallback((cardId: string) => (facilitates ? session.late.get(cardId) : undefined), [facilitates, session.late]);
  const regroupedLateOf = useCallback((id: string) => (facilitates ? session.lateGrouping.get(id) : undefined), [facilitates, session.lateGrouping]);
  // Cards and visible themes carrying a mark, each counted once: deleted ones no longer matter.
  const lateCount = useMemo(() => {
    const shown = shownCards(layout);
    const marked = shown.filter((card) => session.late.has(card.id) || session.lateGrouping.has(card.id)).length;
    return marked + layout.themes.filter((theme) => session.lateGrouping.has(theme.id)).length;
  }, [layout, session.late, session.lateGrouping]);
  return { doc, actor, participants, onDelete, readOnly, movable, remoteDrags, remoteEditors, lateOf, regroupedLateOf, regroup: regroup && !sortedByVotes, lateCount };
}
