import type { SessionCommandType } from './session/commands';

/** Names of the model's client commands; each runs as exactly one Yjs transaction. */
export type CommandName =
  | 'addCard'
  | 'editCardText'
  | 'setCardText'
  | 'moveCard'
  | 'deleteCard'
  | 'setFact'
  | 'setSummary'
  | 'addEvents'
  | 'updateEvent'
  | 'deleteEvent'
  | 'groupCards'
  | 'moveCardToTheme'
  | 'moveTheme'
  | 'mergeThemes'
  | 'dissolveTheme'
  | 'setThemeTitle'
  | 'setThemeCollapsed'
  | 'deleteThemes'
  | 'castVote'
  | 'withdrawVote'
  | 'setThemeTag'
  | 'setThemeNotes'
  | 'addWhy'
  | 'setWhyText'
  | 'deleteWhy'
  | 'link'
  | 'unlink'
  | 'setActionText'
  | 'setActionFields'
  | 'moveAction'
  | 'sortActions'
  | 'deleteAction';

/**
 * Origin of every transaction a local user's command makes. Y.UndoManager matches
 * tracked origins by instance or by constructor, so the client tracks this class and
 * remote updates (origin: the provider) and initial loads never enter the undo stack.
 */
export class LocalOrigin {
  constructor(readonly command: CommandName) {}
}

/** Names of writes only the server makes: board metadata, participant records, session commands, late marks. */
export type ServerWriteName = 'initBoard' | 'initFacts' | 'putParticipant' | SessionCommandType | 'markLate' | 'revealDrafts' | 'draftCounts' | 'markLateVotes' | 'tally' | 'importBoard' | 'restoreVersion';

/** Origin of transactions the server writes itself; such writes never pass the rule gate. */
export class ServerOrigin {
  constructor(readonly write: ServerWriteName) {}
}
