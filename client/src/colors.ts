/** Participant colors: distinct, and white initials stay readable on each. */
export const PARTICIPANT_COLORS = ['#1971c2', '#2f9e44', '#e8590c', '#9c36b5', '#c2255c', '#0c8599', '#f08c00', '#5f3dc4'] as const;
