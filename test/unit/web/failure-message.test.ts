import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../web/src/lib/api.ts';
import { failureMessage, signInFailureMessage } from '../../../web/src/lib/failure-message.ts';
import { formatDateTime } from '../../../web/src/lib/datetime.ts';

describe('error messages shown to people', () => {
  it('replaces the wording of request validation with a plain sentence', () => {
    const failure = new ApiError(
      400,
      'bad_request',
      'body field "code": Too small: expected string to have >=4 characters',
      'code',
    );
    expect(failureMessage(failure)).toBe('Some of what you entered could not be accepted. Check it and try again.');
  });

  it('hides server faults and request-format errors behind sentences that say what to do', () => {
    expect(failureMessage(new ApiError(500, 'internal', 'internal error'))).toMatch(
      /^Something went wrong on the server/u,
    );
    expect(
      failureMessage(
        new ApiError(415, 'unsupported_media_type', 'send the request body as JSON (Content-Type: application/json)'),
      ),
    ).not.toMatch(/Content-Type/u);
  });

  it('writes the instants in a message in the reader’s time zone and locale', () => {
    const message = failureMessage(new ApiError(403, 'forbidden', 'this lab opens on 2027-03-01T08:00:00.000Z'));
    expect(message).toBe(`this lab opens on ${formatDateTime('2027-03-01T08:00:00.000Z')}`);
    expect(message).not.toMatch(/T08:00/u);
  });

  it('keeps messages already written for people', () => {
    expect(
      failureMessage(
        new ApiError(404, 'not_found', 'no cohort has this join code: check it with your instructor', 'code'),
      ),
    ).toBe('no cohort has this join code: check it with your instructor');
    expect(
      failureMessage(
        new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.'),
      ),
    ).toMatch(/^The server could not be reached/u);
  });

  it('says a refused sign-in plainly', () => {
    expect(signInFailureMessage(new ApiError(401, 'unauthenticated', 'the username or password is not correct'))).toBe(
      'The username or password is not correct.',
    );
  });
});
