import type { LinkIndex, TimelineEvent, WhySnapshot } from '@hindsight/shared';
import { createContext, useContext } from 'react';

/** What the themes' analysis needs from the board, given once rather than through every theme's props. */
export interface Analysis {
  readonly whys: ReadonlyMap<string, readonly WhySnapshot[]>;
  readonly links: LinkIndex;
  readonly events: readonly TimelineEvent[];
  /** The zone event times show in. */
  readonly zone: string;
  readonly isFacilitator: boolean;
  /** Whether you may make actions now (R59); offered from Discuss on. */
  readonly mayCreateActions: boolean;
  /** Makes an action from a card or theme, titled after it, and takes you to it. */
  readonly createAction: (from: `card:${string}` | `theme:${string}`, title: string) => void;
}

const EMPTY: Analysis = {
  whys: new Map(),
  links: { targetsOf: new Map(), sourcesOf: new Map(), linksBetween: () => [] },
  events: [],
  zone: 'UTC',
  isFacilitator: false,
  mayCreateActions: false,
  createAction: () => undefined,
};

export const AnalysisContext = createContext<Analysis>(EMPTY);

export function useAnalysis(): Analysis {
  return useContext(AnalysisContext);
}
