import type { Refusal } from '../sync/boardConnection';
import { useUi } from '../uiStore';

/** What the user can do about a refusal, in their words rather than the rule's. */
function explain(refusal: Refusal): string {
  if (refusal.rule === 'R29') return 'The session had ended when your changes reached the server, so it could not take them. The board now shows its copy.';
  if (refusal.rule === 'R66') {
    return "This board is full: the server keeps no more for one board. Delete cards you no longer need, or export the board and continue on a new one. The board now shows the server's copy.";
  }
  const detail = refusal.reason.replace(/^R\d+:\s*/, '');
  return `The server could not accept a change from this browser, so the board now shows the server's copy. (${refusal.rule}: ${detail})`;
}

/** Why the board went back to the server's copy, and the text of any card that did not make it, to copy. */
export function RefusalBanner({ refusal, onDismiss }: { refusal: Refusal; onDismiss: () => void }) {
  const showToast = useUi((state) => state.showToast);
  const copyUnsaved = () => {
    navigator.clipboard.writeText(refusal.unsaved.join('\n\n')).then(
      () => showToast({ message: 'The unsaved cards are on your clipboard.' }),
      () => showToast({ message: 'Copying failed; select the text in the banner instead.' }),
    );
  };
  return (
    <div role="alert" className="banner refusal">
      <div>
        <p>{explain(refusal)}</p>
        {refusal.unsaved.length > 0 && (
          <>
            <p>{refusal.unsaved.length === 1 ? 'This card of yours was not saved:' : `These ${refusal.unsaved.length} cards of yours were not saved:`}</p>
            <ul className="unsaved">
              {refusal.unsaved.map((text, i) => (
                <li key={i}>{text}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <div className="banner-actions">
        {refusal.unsaved.length > 0 && (
          <button type="button" onClick={copyUnsaved}>
            Copy the text
          </button>
        )}
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
