import type { SessionCommand } from '@hindsight/shared';

interface DraftsBarProps {
  readonly meId: string;
  readonly mine: number;
  /** Drafts everyone holds, yours included, as the server counted them. */
  readonly total: number;
  readonly isFacilitator: boolean;
  readonly run: (command: SessionCommand) => void;
}

/** While drafting: what is private, and the reveal buttons (yours early; everyone's for facilitators). */
export function DraftsBar({ meId, mine, total, isFacilitator, run }: DraftsBarProps) {
  return (
    <div className="drafts-bar" role="status">
      <span>
        <strong>Private writing.</strong> Your new cards are drafts only you can read until they are revealed; others see how many
        you have, never what they say.
      </span>
      <span className="drafts-actions">
        {mine > 0 && (
          <button type="button" onClick={() => run({ type: 'revealDrafts', participantId: meId })}>
            Reveal mine ({mine})
          </button>
        )}
        {isFacilitator && (
          <button type="button" className="primary" onClick={() => run({ type: 'revealDrafts' })}>
            Reveal all drafts ({total})
          </button>
        )}
      </span>
    </div>
  );
}
