import type { LinkIndex, TimelineEvent, WhySnapshot } from '@hindsight/shared';
import { createContext, useContext } from 'react';

/** What the themes' analysis needs from the board, given once rather than through every theme's props. */
export interface Analysis {
  readonly whys: ReadonlyMap<string, readonly WhySnapshot[]>;
  /** Theme id → the facilitator's notes, where there are any. */
  readonly notes: ReadonlyMap<string, string>;
  /** Asks the server to start a theme's notes (facilitators, R54). */
  readonly startNotes: (themeId: string) => void;
  readonly links: LinkIndex;
  readonly events: readonly TimelineEvent[];
  /** The zone event times show in. */
  readonly zone: string;
  readonly isFacilitator: boolean;
}

/** What every card and theme may offer, kept apart from the analysis so cards re-render only when it changes. */
export interface CardTools {
  /** Makes an action from a card or theme, titled after it, and takes you to it; null while you may not (R59). */
  readonly createAction: ((from: `card:${string}` | `theme:${string}`, title: string) => void) | null;
  /** Everyone's names, to spot a person named as the cause of a failure (seed 004). */
  readonly names: readonly string[];
}

export const CardToolsContext = createContext<CardTools>({ createAction: null, names: [] });

export function useCardTools(): CardTools {
  return useContext(CardToolsContext);
}

const EMPTY: Analysis = {
  whys: new Map(),
  notes: new Map(),
  startNotes: () => undefined,
  links: { targetsOf: new Map(), sourcesOf: new Map(), linksBetween: () => [] },
  events: [],
  zone: 'UTC',
  isFacilitator: false,
};

export const AnalysisContext = createContext<Analysis>(EMPTY);

export function useAnalysis(): Analysis {
  return useContext(AnalysisContext);
}
