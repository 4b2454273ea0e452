import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { MISSING_ID } from '../helpers/refusals.ts';
import { libraryTest as it, searchTrainees } from './instructor-library.fixture.ts';

describe('trainee search errors', () => {
  it.for([
    ['nothing typed', ''],
    ['one letter', 't'],
    ['only spaces', '    '],
  ] as const)('asks for at least two letters when given %s', async ([, q], { instructor, spring }) => {
    const response = await searchTrainees(instructor, spring.id, q);
    expect(response.status).toBe(400);
    expect((response.body as unknown as ErrorBody).error).toMatchObject({ code: 'bad_request', field: 'q' });
    expect((response.body as unknown as ErrorBody).error.message).toContain('at least two letters');
  });

  it('refuses a search longer than 100 characters', async ({ instructor, spring }) => {
    const response = await searchTrainees(instructor, spring.id, 'n'.repeat(101));
    expect(response.status).toBe(400);
    expect((response.body as unknown as ErrorBody).error.code).toBe('bad_request');
  });

  it('answers 404 for a cohort that does not exist', async ({ instructor }) => {
    const response = await searchTrainees(instructor, MISSING_ID, 'tomas');
    expect(response.status).toBe(404);
    expect((response.body as unknown as ErrorBody).error.code).toBe('not_found');
  });

  it('answers 400 for a cohort id that is not a number', async ({ instructor }) => {
    const response = await searchTrainees(instructor, 'spring', 'tomas');
    expect(response.status).toBe(400);
  });

  it('finds nobody when no trainee matches, and treats % and _ as letters', async ({
    instructor,
    spring,
    trainees: _made,
  }) => {
    for (const q of ['nobody here', '%%', '__', "o' or 1=1 --"]) {
      const response = await searchTrainees(instructor, spring.id, q);
      expect({ q, status: response.status, trainees: response.body.trainees }).toEqual({
        q,
        status: 200,
        trainees: [],
      });
    }
  });
});

describe('assigning from the library: errors', () => {
  it('refuses a lab id the library does not list, naming no id in its message', async ({ instructor, spring }) => {
    const response = await instructor.json<ErrorBody>('POST', `/api/cohorts/${spring.id}/assignments`, {
      labId: 'not-installed',
    });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'This lab is not in the library. Reload the page to see the labs there are.',
    );
  });
});
