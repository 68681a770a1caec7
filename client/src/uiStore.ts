import { create } from 'zustand';

/** Short-lived UI state only; the board itself lives in the Y.Doc. */
interface UiState {
  /** The card whose text is being edited, if any. */
  readonly editingCardId: string | null;
  startEditing: (cardId: string) => void;
  stopEditing: () => void;
}

export const useUi = create<UiState>((set) => ({
  editingCardId: null,
  startEditing: (cardId) => set({ editingCardId: cardId }),
  stopEditing: () => set({ editingCardId: null }),
}));
