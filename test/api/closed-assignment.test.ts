import { describe, expect } from 'vitest';
import { apiTest } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import { read, readError } from '../helpers/read.ts';

const HOUR = 60 * 60_000;
const labParam = { labId: 'api-lab' };

/** Tomas in Ines's cohort, api-lab assigned until an hour from now; he has saved notes once. */
const it = apiTest
  .extend('cohort', async ({ harness, ines, tomas }) =>
    harness.cohort(ines, [tomas], ['api-lab'], { closesAt: new Date(harness.now().getTime() + HOUR) }),
  )
  .extend('trainee', async ({ harness, tomas, cohort: _joined }) => {
    const trainee = await harness.signIn(tomas);
    const saved = await trainee.api.labs[':labId'].notes.$put({
      param: labParam,
      json: { body: 'first notes', baseRevision: 0 },
    });
    expect(saved.status).toBe(200);
    return trainee;
  });

function unlockFirstHint(trainee: Agent) {
  return trainee.api.labs[':labId'].tasks[':taskId'].hints[':index'].$post({
    param: { ...labParam, taskId: 'attacker-ip', index: '0' },
  });
}

describe("once a trainee's assignment has closed", () => {
  it('refuses to unlock a hint, with a message saying the lab has closed, and records nothing', async ({
    harness,
    trainee,
  }) => {
    const before = { unlocks: harness.count('hint_unlocks'), audit: harness.count('audit_log') };
    await harness.advance(HOUR);
    const refused = await readError(unlockFirstHint(trainee));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(refused.body.error.message).toMatch(/closed .*hints can no longer be unlocked/u);
    // The hint's text is not released either.
    expect(refused.body).not.toHaveProperty('hint');
    expect({ unlocks: harness.count('hint_unlocks'), audit: harness.count('audit_log') }).toEqual(before);
  });

  it('still unlocks a hint while the lab is open', async ({ harness, trainee }) => {
    await harness.advance(HOUR - 1);
    expect((await unlockFirstHint(trainee)).status).toBe(200);
  });

  it('keeps the notes readable but refuses to save them, with a message saying why', async ({ harness, trainee }) => {
    await harness.advance(HOUR);
    const refused = await readError(
      trainee.api.labs[':labId'].notes.$put({
        param: labParam,
        json: { body: 'written after the close', baseRevision: 1 },
      }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(refused.body.error.message).toMatch(/closed .*notes can still be read but no longer changed/u);
    const notes = await read(trainee.api.labs[':labId'].notes.$get({ param: labParam }));
    expect(notes.status).toBe(200);
    expect(notes.body.notes).toMatchObject({ body: 'first notes', revision: 1 });
  });
});
