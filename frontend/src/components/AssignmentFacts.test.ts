import { describe, expect, it } from 'vitest';
import { describeTests } from './AssignmentFacts';

describe('describeTests', () => {
  it('tells what hidden tests are worth together, without saying which', () => {
    expect(describeTests(2, 2, 1, 4)).toBe('2 tests worth 2 points shown, and 1 test hidden worth 2 points: 4 points in all');
  });

  it('says only the shown tests when none is hidden', () => {
    expect(describeTests(3, 4.5, 0, 4.5)).toBe('3 tests worth 4.5 points');
  });

  it('counts a problem package whose test cases are all secret', () => {
    expect(describeTests(0, 0, 12, 1)).toBe('12 tests hidden worth 1 point, 1 point in all');
  });

  it('gives the points of an autograder script, whose tests are its own', () => {
    expect(describeTests(0, 0, 0, 10)).toBe('10 points in all');
  });
});
