import { COLUMNS, DATA_LOSS, toLocalInput, type Report } from '@hindsight/shared';

/** What the screen leaves to the exports but paper must have, first: the impact and the timeline. */
export function PrintedFacts({ report }: { report: Report }) {
  const { facts, zone } = report;
  const impact = [
    ['Affected users', facts.affectedUsers],
    ['Affected features', facts.affectedFeatures],
    ['Systems affected', facts.affectedSystems],
    ['Data loss', DATA_LOSS.find((entry) => entry.id === facts.dataLoss)?.label ?? ''],
    ['Notes', facts.impactNotes],
  ].filter(([, value]) => value?.trim());
  return (
    <div className="print-only">
      <h3>Impact</h3>
      {impact.length > 0 ? (
        <ul>
          {impact.map(([label, value]) => (
            <li key={label}>
              <strong>{label}:</strong> {value}
            </li>
          ))}
        </ul>
      ) : (
        <p>None recorded.</p>
      )}
      <h3>Timeline of events</h3>
      {report.timeline.length > 0 ? (
        <table className="wrap-actions">
          <thead>
            <tr>
              <th scope="col">Time ({zone})</th>
              <th scope="col">Event</th>
              <th scope="col">Source</th>
              <th scope="col">Linked</th>
            </tr>
          </thead>
          <tbody>
            {report.timeline.map((event) => (
              <tr key={event.id}>
                <td className="nowrap">{toLocalInput(event.at, zone).replace('T', ' ')}</td>
                <td>{event.text}</td>
                <td>{event.source}</td>
                <td>{event.linked.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>None recorded.</p>
      )}
    </div>
  );
}

/** ...and after the action items: every reflection to improve on, and the actions' details. */
export function PrintedReflections({ report }: { report: Report }) {
  const details = report.actions.filter((action) => action.description.trim() || action.addresses.length > 0);
  return (
    <div className="print-only">
      <h3>What could be improved</h3>
      {COLUMNS.filter((column) => column.id !== 'went-well').map((column) => (
        <section key={column.id}>
          <h4>{column.label}</h4>
          {report.cardsByColumn[column.id].length > 0 ? (
            <ul>
              {report.cardsByColumn[column.id].map((card) => (
                <li key={card.id}>{card.text}</li>
              ))}
            </ul>
          ) : (
            <p>None recorded.</p>
          )}
        </section>
      ))}
      {details.length > 0 && (
        <>
          <h3>Action details</h3>
          <ul>
            {details.map((action) => (
              <li key={action.id}>
                <strong>{action.ref}</strong> {action.addresses.length > 0 && `Addresses ${action.addresses.join('; ')}. `}
                {action.description}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

