import { describe, expect, it } from 'vitest';
import { actionNudges, blameIn, BLAME_PHRASES, FAILURE_VERBS, vaguenessIn, VAGUE_PHRASES } from '../src/index';

const complete = { description: '', owner: { kind: 'name', name: 'Sam' } as const, due: '2026-12-18' };

describe('quality nudges', () => {
  it('the word lists hold the examples of seeds 003 and 004', () => {
    expect(VAGUE_PHRASES).toContain('improve');
    for (const phrase of ['should have', 'fault', 'careless']) expect(BLAME_PHRASES).toContain(phrase);
    expect(FAILURE_VERBS).toEqual(expect.arrayContaining(['forgot', 'broke', 'missed']));
  });

  it('an action without owner or due date is nudged for each', () => {
    expect(actionNudges({ title: 'Add pool-saturation alert to the API dashboard', description: '', owner: null, due: null }).map((n) => n.kind)).toEqual([
      'no-owner',
      'no-due',
    ]);
    expect(actionNudges({ title: 'Add pool-saturation alert to the API dashboard', ...complete })).toEqual([]);
  });

  it('"Improve monitoring" is vague; a concrete change is not', () => {
    expect(vaguenessIn('Improve monitoring')).toMatchObject({ kind: 'vague', match: 'Improve' });
    expect(vaguenessIn('Look into the database')).toMatchObject({ kind: 'vague', match: 'Look into' });
    expect(vaguenessIn('Better alerting')).toMatchObject({ kind: 'vague' });
    expect(vaguenessIn('Add metric db_pool_in_use to the API dashboard by Friday')).toBeNull();
    expect(vaguenessIn('Add pool metric to dashboard')).toBeNull();
    expect(vaguenessIn('')).toBeNull();
  });

  it('blaming phrases are found, in any case, as whole words', () => {
    expect(blameIn('Ops should have caught this')).toMatchObject({ kind: 'blame', match: 'should have' });
    expect(blameIn('It was CARELESS of the on-call')).toMatchObject({ match: 'CARELESS' });
    expect(blameIn('Whose fault was it?')).toMatchObject({ match: 'fault' });
    expect(blameIn('The default timeout is 30 s')).toBeNull();
    expect(blameIn('The pipeline let an untested config through')).toBeNull();
  });

  it("a participant's name as the subject of a failure is blame; the same name elsewhere is not", () => {
    const names = ['Sam Lee', 'Ana'];
    expect(blameIn('Sam Lee forgot to rotate the key', names)).toMatchObject({ kind: 'blame', match: 'Sam Lee forgot' });
    expect(blameIn('ana then broke the build', names)).toMatchObject({ match: 'ana then broke' });
    expect(blameIn('Ana found the root cause quickly', names)).toBeNull();
    // A first name is enough: that is how people write about each other.
    expect(blameIn('Sam forgot to check the config', names)).toMatchObject({ match: 'Sam forgot' });
    expect(blameIn('Banana forgot nothing', names)).toBeNull();
  });

  it('nudges never include blame for a clean systems framing, whatever the names', () => {
    expect(actionNudges({ title: 'Add a lint rule that rejects unbounded pool sizes', ...complete }, ['Sam'])).toEqual([]);
    expect(actionNudges({ title: 'Sam should have reviewed it', ...complete }, ['Sam']).map((n) => n.kind)).toContain('blame');
  });
});
