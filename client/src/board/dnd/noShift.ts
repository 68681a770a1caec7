import type { SortingStrategy } from '@dnd-kit/sortable';

/**
 * Nothing moves aside while dragging: a line marks the gap instead. Items that stay put
 * keep their measured rects true, so the card under the pointer is the card you see there.
 */
export const NO_SHIFT: SortingStrategy = () => null;
