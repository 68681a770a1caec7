import { describe, expect, it } from 'vitest';
import { cursorToWire, readCursor, type CursorPosition } from '../src/index';

describe('cursor presence', () => {
  it('a cursor travels as short tuples relative to board elements, three decimals each', () => {
    const cursor: CursorPosition = [
      { kind: 'card', id: 'c-1', x: 0.123456, y: 1 },
      { kind: 'board', id: '', x: 0, y: 0.5 },
    ];
    const wire = cursorToWire(cursor);
    expect(wire).toEqual([
      ['card', 'c-1', 0.123, 1],
      ['board', '', 0, 0.5],
    ]);
    expect(readCursor(JSON.parse(JSON.stringify(wire)))).toEqual([
      { kind: 'card', id: 'c-1', x: 0.123, y: 1 },
      { kind: 'board', id: '', x: 0, y: 0.5 },
    ]);
  });

  it.each([
    ['nothing', null],
    ['an empty list', []],
    ['an unknown kind', [['window', '', 0, 0]]],
    ['a number for an id', [['card', 7, 0, 0]]],
    ['a missing coordinate', [['card', 'c', 0]]],
    ['too many anchors', Array.from({ length: 5 }, () => ['board', '', 0, 0])],
    ['an overlong id', [['card', 'x'.repeat(65), 0, 0]]],
  ])('another client’s cursor with %s is ignored', (_what, value) => {
    expect(readCursor(value)).toBeNull();
  });

  it('fractions outside the element are clamped to it', () => {
    expect(readCursor([['column', 'went-well', -3, 7]])).toEqual([{ kind: 'column', id: 'went-well', x: 0, y: 1 }]);
  });
});
