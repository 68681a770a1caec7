import { create } from 'zustand';
import type { DragItem, DropTarget } from './board/dnd/ids';

/** What the dragged item looked like when picked up: the overlay shows this for the whole drag. */
export interface DragPreviewSnapshot {
  readonly label: string;
  readonly color: string;
  readonly count: number;
  /** Outside Group a participant only moves their own cards between columns (R44). */
  readonly columnsOnly: boolean;
}

export type PanelName = 'actions' | 'wrapUp';

/** Short-lived UI state only; the board itself lives in the Y.Doc. */
interface UiState {
  /** The card whose text is being edited, if any. */
  readonly editingCardId: string | null;
  /** A short message with an optional action, such as "Card deleted. Undo". */
  readonly toast: { readonly message: string; readonly action?: { readonly label: string; readonly run: () => void }; readonly durationMs?: number } | null;
  /** The facts panel opened or closed by hand, for the phase visit it was done in (a phase change resets it). */
  readonly factsPanel: { readonly open: boolean; readonly phaseSeq: number } | null;
  setFactsPanel: (open: boolean, phaseSeq: number) => void;
  /** The facilitator's session dialog that is open, if any. */
  readonly sessionDialog: 'settings' | 'end' | 'delete' | 'history' | null;
  openSessionDialog: (dialog: UiState['sessionDialog']) => void;
  /** The drag in progress: what is dragged and the droppable it is over (the preview), or null. */
  readonly drag: {
    readonly item: DragItem;
    /** The droppable under the pointer, for the hint on it (a line, a ring). */
    readonly overId: string | null;
    /** What a drop now would do. */
    readonly target: DropTarget | null;
    readonly preview: DragPreviewSnapshot;
  } | null;
  setDrag: (drag: UiState['drag']) => void;
  setDragOver: (overId: string | null, target: DropTarget | null) => void;
  /** The last words for screen readers about a drag. */
  readonly announcement: string;
  announce: (text: string) => void;
  /** A theme whose title should take focus once it renders (a theme you just made). */
  readonly focusThemeId: string | null;
  focusThemeTitle: (themeId: string | null) => void;
  startEditing: (cardId: string) => void;
  stopEditing: () => void;
  /** Participants whose cards and themes you highlight (local to you). */
  readonly highlighted: ReadonlySet<string>;
  /** Click: only this person, or nobody if it was only them; shift-click: add or remove them. */
  toggleHighlight: (participantId: string, additive: boolean) => void;
  clearHighlight: () => void;
  /** The participant a facilitator spotlights for everyone during Discuss (mirrored from the session, R52). */
  readonly spotlight: string | null;
  setSpotlight: (participantId: string | null) => void;
  /** What your last + or − did, or why it did nothing (read out by the voting bar). */
  readonly voteHint: string;
  /** Says it again even when it is the same words, so a screen reader repeats a refusal. */
  sayVoteHint: (hint: string) => void;
  /** Show themes and cards most-voted first, once totals are shown (R50). */
  readonly sortByVotes: boolean;
  setSortByVotes: (sort: boolean) => void;
  /** Panels opened or closed by hand, each for the phase visit it was done in (like the facts panel). */
  readonly panels: Readonly<Partial<Record<PanelName, { readonly open: boolean; readonly phaseSeq: number }>>>;
  setPanel: (panel: PanelName, open: boolean, phaseSeq: number) => void;
  /** An action whose title should take focus once it renders (one you just made). */
  readonly focusActionId: string | null;
  focusAction: (actionId: string | null) => void;
  showToast: (toast: NonNullable<UiState['toast']>) => void;
  hideToast: () => void;
}

export const useUi = create<UiState>((set) => ({
  editingCardId: null,
  toast: null,
  sessionDialog: null,
  factsPanel: null,
  drag: null,
  setDrag: (drag) => set({ drag }),
  // The same droppable can come to mean another place (its card was moved meanwhile): compare the target too.
  setDragOver: (overId, target) =>
    set((state) =>
      state.drag && (state.drag.overId !== overId || JSON.stringify(state.drag.target) !== JSON.stringify(target)) ? { drag: { ...state.drag, overId, target } } : state,
    ),
  announcement: '',
  announce: (announcement) => set({ announcement }),
  focusThemeId: null,
  focusThemeTitle: (focusThemeId) => set({ focusThemeId }),
  setFactsPanel: (open, phaseSeq) => set({ factsPanel: { open, phaseSeq } }),
  openSessionDialog: (sessionDialog) => set({ sessionDialog }),
  highlighted: new Set(),
  toggleHighlight: (participantId, additive) =>
    set(({ highlighted }) => {
      const next = new Set(additive ? highlighted : []);
      if (highlighted.has(participantId) && (additive || highlighted.size === 1)) next.delete(participantId);
      else next.add(participantId);
      return { highlighted: next };
    }),
  clearHighlight: () => set({ highlighted: new Set() }),
  spotlight: null,
  setSpotlight: (spotlight) => set((state) => (state.spotlight === spotlight ? state : { spotlight })),
  voteHint: '',
  sayVoteHint: (voteHint) => set((state) => ({ voteHint: state.voteHint === voteHint ? `${voteHint}\u00a0` : voteHint })),
  sortByVotes: false,
  setSortByVotes: (sortByVotes) => set({ sortByVotes }),
  startEditing: (cardId) => set({ editingCardId: cardId }),
  stopEditing: () => set({ editingCardId: null }),
  panels: {},
  setPanel: (panel, open, phaseSeq) => set((state) => ({ panels: { ...state.panels, [panel]: { open, phaseSeq } } })),
  focusActionId: null,
  focusAction: (focusActionId) => set({ focusActionId }),
  showToast: (toast) => set({ toast }),
  hideToast: () => set({ toast: null }),
}));

export type HighlightState = 'highlighted' | 'dimmed' | '';

/** How an author's work shows: highlighted, dimmed because someone else is, or as usual. A narrow selector for useUi. */
export function highlightOf(state: Pick<UiState, 'highlighted' | 'spotlight'>, authorId: string): HighlightState {
  if (state.highlighted.size === 0 && state.spotlight === null) return '';
  return state.highlighted.has(authorId) || state.spotlight === authorId ? 'highlighted' : 'dimmed';
}
