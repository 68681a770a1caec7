import { useCallback, useRef, useState } from 'react';
import { useDismiss } from './useDismiss';
import { PARTICIPANT_COLORS } from '../colors';
import type { ParticipantSnapshot } from '@hindsight/shared';

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
  readonly participants: readonly ParticipantSnapshot[];
  readonly online: ReadonlySet<string>;
  readonly meId: string;
  readonly onColor: (color: string) => void;
}

/** Everyone who joined, in join order; who is online, and who facilitates. Your own avatar changes your color. */
export function Participants({ participants, online, meId, onColor }: ParticipantsProps) {
  const [picking, setPicking] = useState(false);
  const mine = useRef<HTMLLIElement>(null);
  useDismiss(picking, useCallback(() => setPicking(false), []), mine);
  return (
    <ul className="participants" aria-label="Participants">
      {participants.map((participant) => {
        const isOnline = online.has(participant.id);
        const isMe = participant.id === meId;
        const label = `${participant.name}${isMe ? ' (you)' : ''}${participant.role === 'facilitator' ? ', facilitator' : ''}, ${isOnline ? 'online' : 'offline'}`;
        const avatar = (
          <span className="avatar" style={{ background: participant.color }}>
            {initials(participant.name)}
          </span>
        );
        return (
          <li key={participant.id} ref={isMe ? mine : undefined} className={isOnline ? 'online' : 'offline'} title={label} aria-label={label}>
            {isMe ? (
              <button type="button" className="avatar-button" aria-haspopup="true" aria-expanded={picking} aria-label={`${label}. Change your color`} onClick={() => setPicking(!picking)}>
                {avatar}
              </button>
            ) : (
              avatar
            )}
            {participant.role === 'facilitator' && <span className="badge">facilitator</span>}
            {isMe && picking && (
              <div className="color-menu" role="group" aria-label="Your color">
                {PARTICIPANT_COLORS.map((color) => (
                  <button
                    key={color}
                    type="button"
                    className="swatch-button"
                    style={{ background: color }}
                    aria-label={`Color ${color}`}
                    aria-pressed={participant.color === color}
                    onClick={() => {
                      setPicking(false);
                      onColor(color);
                    }}
                  />
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
