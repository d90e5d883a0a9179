import { orElseThrow } from './or-else-throw';

describe('orElseThrow', () => {
  const missing = () => new Error('not found');

  it('answers the value when there is one, even a falsy one', () => {
    const view = { id: 'a' };
    expect(orElseThrow(view, missing)).toBe(view);
    expect(orElseThrow(0, missing)).toBe(0);
    expect(orElseThrow('', missing)).toBe('');
  });

  it('throws the error of `missing` for null and undefined', () => {
    expect(() => orElseThrow(null, missing)).toThrow('not found');
    expect(() => orElseThrow(undefined, missing)).toThrow('not found');
  });
});
