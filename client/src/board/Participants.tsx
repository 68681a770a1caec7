import { hasAgreed, READY_PHASES, type ParticipantSnapshot, type SessionCommand, type SessionSnapshot } from '@hindsight/shared';
import { useCallback, useRef, useState } from 'react';
import { colorName, PARTICIPANT_COLORS } from '../colors';
import { useUi } from '../uiStore';
import { useDismiss } from './useDismiss';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    // Array.from splits by code point, so an emoji stays whole.
    .map((part) => Array.from(part)[0]?.toUpperCase() ?? '')
    .join('');
}

interface ParticipantsProps {
  /** Participants still on the board, in join order. */
  readonly participants: readonly ParticipantSnapshot[];
  readonly online: ReadonlySet<string>;
  readonly meId: string;
  readonly session: SessionSnapshot;
  readonly isFacilitator: boolean;
  readonly onColor: (color: string) => void;
  readonly run: (command: SessionCommand) => void;
}

/** The mark beside a name: done in phases where people mark themselves done, agreed around the opener. */
function markOf(session: SessionSnapshot, id: string): 'done' | 'agreed' | null {
  if (READY_PHASES.includes(session.phase)) return session.ready.has(id) ? 'done' : null;
  if (session.phase === 'prepare' || session.phase === 'set-the-tone') return hasAgreed(session, id) ? 'agreed' : null;
  return null;
}

/**
 * Everyone on the board: who is online, who facilitates, who agreed or is done. Clicking an
 * avatar highlights that person's cards and themes (Shift adds to the highlight); the ▾ beside
 * it changes your color, or opens a facilitator's menu on others (roles, spotlight, removal).
 */
export function Participants({ participants, online, meId, session, isFacilitator, onColor, run }: ParticipantsProps) {
  const [openId, setOpenId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'remove' | 'handOver' | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const highlightedIds = useUi((state) => state.highlighted);
  const toggleHighlight = useUi((state) => state.toggleHighlight);
  const openButton = useCallback(
    () => (openId ? list.current?.querySelector<HTMLElement>(`[data-participant="${CSS.escape(openId)}"]`) : null),
    [openId],
  );
  const dismiss = useCallback(() => {
    setOpenId(null);
    setConfirming(null);
  }, []);
  useDismiss(openId !== null, dismiss, list, openButton);
  /** Closes the menu and puts focus back on the avatar it belongs to. */
  const close = () => {
    openButton()?.focus();
    dismiss();
  };
  const act = (command: SessionCommand) => {
    close();
    run(command);
  };
  return (
    <ul className="participants" aria-label="Participants" ref={list}>
      {participants.map((participant) => {
        const isOnline = online.has(participant.id);
        const isMe = participant.id === meId;
        const mark = markOf(session, participant.id);
        const label = [
          `${participant.name}${isMe ? ' (you)' : ''}`,
          participant.role === 'facilitator' ? 'facilitator' : null,
          isOnline ? 'online' : 'offline',
          mark,
        ]
          .filter(Boolean)
          .join(', ');
        const open = openId === participant.id;
        const hasMenu = isMe || (isFacilitator && !session.ended);
        const avatar = (
          <span className="avatar" style={{ background: participant.color }}>
            {initials(participant.name)}
            {mark && (
              <span className="avatar-mark" aria-hidden="true">
                ✓
              </span>
            )}
          </span>
        );
        const highlighted = highlightedIds.has(participant.id);
        return (
          <li key={participant.id} className={`${isOnline ? 'online' : 'offline'} ${highlighted ? 'highlighted' : ''}`} title={label} aria-label={label}>
            <button
              type="button"
              className="avatar-button"
              aria-pressed={highlighted}
              aria-label={`Highlight ${participant.name}${isMe ? ' (you)' : ''}: their cards and themes`}
              title={`${label}. Click to highlight their cards and themes; Shift-click to add them to the highlight.`}
              onClick={(event) => toggleHighlight(participant.id, event.shiftKey)}
            >
              {avatar}
            </button>
            {hasMenu && (
              <button
                type="button"
                className="icon person-menu-button"
                data-participant={participant.id}
                aria-haspopup="true"
                aria-expanded={open}
                aria-label={`${label}. ${isMe ? 'Change your color' : 'Facilitator actions'}`}
                onClick={() => (open ? dismiss() : (setConfirming(null), setOpenId(participant.id)))}
              >
                ▾
              </button>
            )}
            {participant.role === 'facilitator' && <span className="badge">facilitator</span>}
            {open && isMe && (
              <div className="color-menu" role="group" aria-label="Your color">
                {PARTICIPANT_COLORS.map((color) => (
                  <button
                    key={color}
                    type="button"
                    className="swatch-button"
                    style={{ background: color }}
                    aria-label={`Color ${colorName(color)}`}
                    aria-pressed={participant.color === color}
                    onClick={() => {
                      close();
                      onColor(color);
                    }}
                  />
                ))}
              </div>
            )}
            {open && !isMe && (
              <div className="share-menu person-menu" role="group" aria-label={`Facilitator actions for ${participant.name}`}>
                {confirming === 'remove' && (
                  <>
                    <p>Remove {participant.name}? Their cards stay on the board.</p>
                    <button type="button" className="danger" onClick={() => act({ type: 'removeParticipant', participantId: participant.id })}>
                      Remove {participant.name}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </>
                )}
                {confirming === 'handOver' && (
                  <>
                    <p>Hand facilitation to {participant.name}? You become a participant, and the facilitator link changes.</p>
                    <button type="button" onClick={() => act({ type: 'handOver', participantId: participant.id })}>
                      Hand over to {participant.name}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </>
                )}
                {confirming === null && (
                  <>
                    {participant.role === 'facilitator' ? (
                      <button type="button" onClick={() => act({ type: 'setRole', participantId: participant.id, role: 'participant' })}>
                        Withdraw the facilitator role
                      </button>
                    ) : (
                      <>
                        <button type="button" onClick={() => act({ type: 'setRole', participantId: participant.id, role: 'facilitator' })}>
                          Make co-facilitator
                        </button>
                        <button type="button" onClick={() => setConfirming('handOver')}>
                          Hand facilitation over…
                        </button>
                      </>
                    )}
                    {session.phase === 'discuss' && (
                      <button
                        type="button"
                        onClick={() => act({ type: 'setSpotlight', participantId: session.spotlight === participant.id ? null : participant.id })}
                      >
                        {session.spotlight === participant.id ? 'End the spotlight' : 'Spotlight for everyone'}
                      </button>
                    )}
                    <button type="button" className="danger" onClick={() => setConfirming('remove')}>
                      Remove from the board…
                    </button>
                  </>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
