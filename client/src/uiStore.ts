import { create } from 'zustand';

/** Short-lived UI state only; the board itself lives in the Y.Doc. */
interface UiState {
  /** The card whose text is being edited, if any. */
  readonly editingCardId: string | null;
  /** A short message with an optional action, such as "Card deleted. Undo". */
  readonly toast: { readonly message: string; readonly action?: { readonly label: string; readonly run: () => void } } | null;
  /** The facts panel opened or closed by hand, for the phase visit it was done in (a phase change resets it). */
  readonly factsPanel: { readonly open: boolean; readonly phaseSeq: number } | null;
  setFactsPanel: (open: boolean, phaseSeq: number) => void;
  /** The facilitator's session dialog that is open, if any. */
  readonly sessionDialog: 'settings' | 'end' | 'delete' | null;
  openSessionDialog: (dialog: UiState['sessionDialog']) => void;
  startEditing: (cardId: string) => void;
  stopEditing: () => void;
  showToast: (toast: NonNullable<UiState['toast']>) => void;
  hideToast: () => void;
}

export const useUi = create<UiState>((set) => ({
  editingCardId: null,
  toast: null,
  sessionDialog: null,
  factsPanel: null,
  setFactsPanel: (open, phaseSeq) => set({ factsPanel: { open, phaseSeq } }),
  openSessionDialog: (sessionDialog) => set({ sessionDialog }),
  startEditing: (cardId) => set({ editingCardId: cardId }),
  stopEditing: () => set({ editingCardId: null }),
  showToast: (toast) => set({ toast }),
  hideToast: () => set({ toast: null }),
}));
