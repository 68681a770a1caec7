import { cleanup, render } from '@testing-library/react';
import { PRESENCE_FIELD, readCursor } from '@hindsight/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { RemoteCursors } from '../src/board/presence/RemoteCursors';

afterEach(cleanup);

/** A board with one card, your cursor layer inside it, and a pointer move over the card. */
function moveOverCard(hidden: boolean): WebsocketProvider['awareness'] {
  const doc = new Y.Doc();
  // Never connected: only its awareness is used, as the board's provider's.
  const awareness = new WebsocketProvider('ws://localhost:9', 'board', doc, { connect: false, disableBc: true }).awareness;
  const { container } = render(
    <div className="board-main">
      <section data-column="went-well">
        <ul>
          <li data-card-id="card-42">
            <p className="note-text">Alert came late</p>
          </li>
        </ul>
      </section>
      <RemoteCursors awareness={awareness} doc={doc} hidden={hidden} />
    </div>,
  );
  const card = container.querySelector('.note-text') as HTMLElement;
  card.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 5, clientY: 5, pointerType: 'mouse' }));
  return awareness;
}

describe('presence', () => {
  it('your cursor is sent relative to the card under it, then its column, then the board', () => {
    const cursor = readCursor(moveOverCard(false).getLocalState()?.[PRESENCE_FIELD.cursor]);
    expect(cursor?.map((anchor) => [anchor.kind, anchor.id])).toEqual([
      ['card', 'card-42'],
      ['board', ''],
    ]);
  });

  it('[R50] while votes are secret no cursor is sent: a cursor on a card’s + would say who votes for what', () => {
    expect(moveOverCard(true).getLocalState()?.[PRESENCE_FIELD.cursor] ?? null).toBeNull();
  });
});
