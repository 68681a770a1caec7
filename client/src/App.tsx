import { COLUMNS } from '@hindsight/shared';

/** The shell the board grows into (step 3): the four reflection columns of the model. */
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '1.5rem' }}>
      <h1 style={{ margin: '0 0 1rem' }}>Hindsight</h1>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: '1rem' }}>
        {COLUMNS.map((column) => (
          <section
            key={column.id}
            aria-label={column.label}
            style={{ borderTop: `4px solid ${column.color}`, padding: '0.75rem', minHeight: '12rem' }}
          >
            <h2 style={{ fontSize: '1rem', margin: 0 }}>{column.label}</h2>
          </section>
        ))}
      </div>
    </main>
  );
}
