import { cardsMap, CLOSE, selectCard, selectCards, syncSubprotocols, type CardSnapshot } from '@hindsight/shared';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { holdEditsUntilAnswered } from './holdUntilAnswered';

/** What the board's live connection is doing, as the status line shows it. */
export type ConnectionState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected'; readonly synced: boolean }
  | { readonly kind: 'reconnecting' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'not-found'; readonly reason: string }
  | { readonly kind: 'unauthorized'; readonly reason: string }
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string };

/** A change the server refused (4403): the rule it broke, for the message to the user. */
export interface Refusal {
  readonly rule: string;
  readonly reason: string;
  /**
   * Texts of this participant's cards that the server's copy does not have, or has with
   * other text, once it has loaded: what the refusal cost, for the user to copy (for
   * example cards written offline that arrived after the session ended, R29).
   */
  readonly unsaved: readonly string[];
}

/** What components read: replaced as a whole on every change, so it can be compared by identity. */
export interface ConnectionSnapshot {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly state: ConnectionState;
  readonly refusal: Refusal | null;
  /** Cards changed here since the server last confirmed a sync: their changes wait to be sent. */
  readonly waiting: number;
  /** The server said (4503) it cannot store changes now: edits stay here until it can. */
  readonly storageTrouble: boolean;
}

/** How long the connection must stay synced, without another 4503, before the warning goes. */
const STORAGE_CLEAR_MS = 10_000;
/** The first wait before reconnecting after 4503, doubled each time, up to the most. */
const STORAGE_RETRY_MS = 2000;
const STORAGE_RETRY_MAX_MS = 60_000;

export interface BoardConnectionOptions {
  /** The sync endpoint, e.g. ws://localhost:8080/sync. */
  readonly serverUrl: string;
  readonly boardId: string;
  readonly token: string;
  /** Whose cards to rescue after a refusal. */
  readonly participantId?: string;
  readonly WebSocketImpl?: typeof WebSocket;
  /** Keeps the board in this browser's IndexedDB, so offline edits survive closing the tab. On where IndexedDB exists. */
  readonly persist?: boolean;
  /** Called after a refusal, once this browser's copy is forgotten (tests observe it). */
  readonly clearLocal?: () => Promise<void>;
}

/**
 * The board's document and its provider, plus what the close codes mean for the user:
 * 4404 ends in "board not found" and 4401 in "join again", with no retry loop (y-websocket
 * stops on 44xx); 4403 means the server refused a change and holds none of it, so this
 * browser drops its copy and starts again from the server's, then tells the user.
 */
export class BoardConnection {
  private docValue!: Y.Doc;
  private providerValue!: WebsocketProvider;
  private stateValue: ConnectionState = { kind: 'connecting' };
  private refusalValue: Refusal | null = null;
  private readonly listeners = new Set<() => void>();
  private destroyed = false;
  private snapshotValue!: ConnectionSnapshot;
  private persistence: IndexeddbPersistence | null = null;
  private readonly waitingCards = new Set<string>();
  private storageTrouble = false;
  private storageClearTimer: ReturnType<typeof setTimeout> | null = null;
  private storageRetryTimer: ReturnType<typeof setTimeout> | null = null;
  private storageRetries = 0;
  private browserOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
  private readonly onOffline = () => {
    this.browserOffline = true;
    this.providerValue.disconnect();
    this.setState({ kind: 'offline' });
  };
  private readonly onOnline = () => {
    this.browserOffline = false;
    if (!this.isTerminal()) {
      this.setState({ kind: 'connecting' });
      this.providerValue.connect();
    }
  };

  constructor(private readonly options: BoardConnectionOptions) {
    this.open();
    // The browser knows at once when the network is gone; the provider would wait 30 s.
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', this.onOffline);
      window.addEventListener('online', this.onOnline);
    }
  }

  /** The current document: replaced by a fresh one after a refusal, so read it on every change. */
  get doc(): Y.Doc {
    return this.docValue;
  }

  get provider(): WebsocketProvider {
    return this.providerValue;
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** The last refused change, until the user dismisses it. */
  get refusal(): Refusal | null {
    return this.refusalValue;
  }

  dismissRefusal(): void {
    this.refusalValue = null;
    this.notify();
  }

  get snapshot(): ConnectionSnapshot {
    return this.snapshotValue;
  }

  /** For useSyncExternalStore: an arrow, so it can be passed unbound. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    this.destroyed = true;
    if (this.storageClearTimer) clearTimeout(this.storageClearTimer);
    if (this.storageRetryTimer) clearTimeout(this.storageRetryTimer);
    void this.persistence?.destroy();
    if (typeof window !== 'undefined') {
      window.removeEventListener('offline', this.onOffline);
      window.removeEventListener('online', this.onOnline);
    }
    this.providerValue.destroy();
    this.docValue.destroy();
    this.listeners.clear();
  }

  private notify(): void {
    this.snapshotValue = {
      doc: this.docValue,
      provider: this.providerValue,
      state: this.stateValue,
      refusal: this.refusalValue,
      waiting: this.waitingCards.size,
      storageTrouble: this.storageTrouble,
    };
    for (const listener of this.listeners) listener();
  }

  private setState(state: ConnectionState): void {
    this.stateValue = state;
    this.notify();
  }

  private open(): void {
    const doc = new Y.Doc();
    const persist = this.options.persist ?? typeof indexedDB !== 'undefined';
    this.persistence = persist ? new IndexeddbPersistence(`hindsight:${this.options.boardId}`, doc) : null;
    const provider = new WebsocketProvider(this.options.serverUrl, this.options.boardId, doc, {
      // In a header, not the URL: proxies log URLs.
      protocols: syncSubprotocols(this.options.token),
      // A change the server refuses must not travel between tabs behind its back.
      disableBc: true,
      ...(this.options.WebSocketImpl ? { WebSocketPolyfill: this.options.WebSocketImpl } : {}),
    });
    holdEditsUntilAnswered(provider, doc);
    this.docValue = doc;
    this.providerValue = provider;
    this.waitingCards.clear();
    this.snapshotValue = { doc, provider, state: this.stateValue, refusal: this.refusalValue, waiting: 0, storageTrouble: this.storageTrouble };
    // Cards changed here while not synced wait for the connection; one card, however many keystrokes.
    cardsMap(doc).observeDeep((events, transaction) => {
      if (!transaction.local || doc !== this.docValue || (this.stateValue.kind === 'connected' && this.stateValue.synced)) return;
      for (const event of events) {
        const [cardId] = event.path;
        if (typeof cardId === 'string') this.waitingCards.add(cardId);
        else if (event instanceof Y.YMapEvent) for (const key of event.keysChanged as Set<string>) this.waitingCards.add(key);
      }
      this.notify();
    });
    provider.on('status', ({ status }: { status: string }) => {
      if (provider !== this.providerValue || this.isTerminal()) return;
      if (status === 'connected') this.setState({ kind: 'connected', synced: provider.synced });
      else if (status === 'disconnected') this.setState({ kind: this.browserOffline ? 'offline' : 'reconnecting' });
    });
    provider.on('sync', (synced: boolean) => {
      if (provider !== this.providerValue || this.stateValue.kind !== 'connected') return;
      // A completed sync handshake has sent the server everything it lacked.
      if (synced) this.waitingCards.clear();
      if (synced && this.storageTrouble && !this.storageClearTimer) {
        this.storageClearTimer = setTimeout(() => {
          this.storageClearTimer = null;
          this.storageTrouble = false;
          this.storageRetries = 0;
          this.notify();
        }, STORAGE_CLEAR_MS);
      }
      this.setState({ kind: 'connected', synced });
    });
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (provider !== this.providerValue || event?.code !== CLOSE.storageUnavailable.code) return;
      // The server stored none of what it could not: this copy keeps it and sends it again on reconnect.
      if (this.storageClearTimer) clearTimeout(this.storageClearTimer);
      this.storageClearTimer = null;
      this.storageTrouble = true;
      // The provider's own backoff restarts at every sync, and the server refuses after the
      // sync: this connection waits longer each time instead, up to a minute.
      this.storageRetries++;
      provider.disconnect();
      if (this.storageRetryTimer) clearTimeout(this.storageRetryTimer);
      this.storageRetryTimer = setTimeout(() => {
        this.storageRetryTimer = null;
        if (provider === this.providerValue && !this.destroyed && !this.browserOffline) provider.connect();
      }, Math.min(STORAGE_RETRY_MAX_MS, STORAGE_RETRY_MS * 2 ** (this.storageRetries - 1)));
      this.notify();
    });
    provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
      if (provider !== this.providerValue) return;
      if (code === CLOSE.unknownBoard.code) void this.forgetBoard(reason);
      else if (code === CLOSE.unauthorized.code) this.setState({ kind: 'unauthorized', reason });
      else if (code === CLOSE.ruleViolation.code) void this.recover(reason);
      else this.setState({ kind: 'closed', code, reason });
    });
  }

  private isTerminal(): boolean {
    const kind = this.stateValue.kind;
    return kind === 'not-found' || kind === 'unauthorized' || kind === 'closed';
  }

  /** The board is gone (deleted, R30): this browser's copy of it goes too. */
  private async forgetBoard(reason: string): Promise<void> {
    this.setState({ kind: 'not-found', reason });
    await this.persistence?.clearData();
    this.persistence = null;
  }

  private async recover(reason: string): Promise<void> {
    this.refusalValue = { rule: /^(R\d+):/.exec(reason)?.[1] ?? 'unknown', reason, unsaved: [] };
    const mine = selectCards(this.docValue).filter((card) => card.authorId === this.options.participantId && card.text.trim() !== '');
    this.providerValue.destroy();
    // The refused change may sit in IndexedDB too: forget the whole local copy.
    await this.persistence?.clearData();
    this.persistence = null;
    this.docValue.destroy();
    this.setState({ kind: 'connecting' });
    await this.options.clearLocal?.();
    if (!this.destroyed) {
      this.open();
      this.notify();
      this.reportUnsaved(mine);
    }
  }

  /** Once the server's copy has loaded, hands back the cards of `mine` it does not hold as they were here: missing, or with other text. */
  private reportUnsaved(mine: readonly CardSnapshot[]): void {
    if (mine.length === 0) return;
    const provider = this.providerValue;
    const doc = this.docValue;
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      const unsaved = mine.filter((card) => selectCard(doc, card.id)?.text !== card.text).map((card) => card.text);
      if (unsaved.length === 0 || !this.refusalValue || doc !== this.docValue) return;
      this.refusalValue = { ...this.refusalValue, unsaved };
      this.notify();
    };
    provider.on('sync', onSync);
  }
}
