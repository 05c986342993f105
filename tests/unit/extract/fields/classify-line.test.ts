import { describe, expect, it } from 'vitest';
import { classifyLine, companyAfterAt, isLocation } from '../../../../extract/fields/classify-line.ts';

describe('classifyLine', () => {
  it.each([
    ['Open Source Infrastructure Engineer', 'role'],
    ['Professor · Chair of ACRAI', 'role'],
    ['Head of Engineering', 'role'],
    ['Co-Founder', 'role'],
    ['Board Member', 'weak-role'],
    ['University of Wisconsin–Madison', 'org'],
    ['Morgridge Institute for Research', 'org'],
    ['Netherlands', 'location'],
    ['Houston, TX', 'location'],
    ['maria@lab.org', 'email'],
    ['@janedoe', 'handle'],
    ['jswright@', 'handle'],
    ['website', 'label'],
    ['Read more', 'label'],
    ['rebeccaxu.com', 'url'],
    ['Architempo', 'other'],
    ['Ratio Web', 'other'],
    ["Hi! I'm a third-year PhD student interested in machine learning and game theory.", 'bio'],
  ])('%j → %s', (text, kind) => {
    expect(classifyLine(text)).toBe(kind);
  });

  it('reads the employer after "at"', () => {
    expect(companyAfterAt('Software Engineer at Acme Corp')).toBe('Acme Corp');
    expect(companyAfterAt('Software Engineer')).toBeUndefined();
  });

  it('does not take a person for a place', () => {
    expect(isLocation('Jane Doe')).toBe(false);
  });
});
