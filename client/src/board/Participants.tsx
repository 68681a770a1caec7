import type { ParticipantSnapshot } from '@hindsight/shared';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/** Everyone who joined, in join order; who is online, and who facilitates. */
export function Participants({ participants, online }: { participants: readonly ParticipantSnapshot[]; online: ReadonlySet<string> }) {
  return (
    <ul className="participants" aria-label="Participants">
      {participants.map((participant) => {
        const isOnline = online.has(participant.id);
        const label = `${participant.name}${participant.role === 'facilitator' ? ', facilitator' : ''}, ${isOnline ? 'online' : 'offline'}`;
        return (
          <li key={participant.id} className={isOnline ? 'online' : 'offline'} title={label} aria-label={label}>
            <span className="avatar" style={{ background: participant.color }}>
              {initials(participant.name)}
            </span>
            {participant.role === 'facilitator' && <span className="badge">facilitator</span>}
          </li>
        );
      })}
    </ul>
  );
}
