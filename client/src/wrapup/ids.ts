/** The Wrap-up panel's element id, for the header button's aria-controls (the panel itself loads later). */
export const WRAP_UP_ID = 'wrap-up';
