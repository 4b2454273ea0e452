import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import type { Actor } from '../../server/services/context.ts';
import { Harness, type Agent } from '../helpers/harness.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';

const HOUR = 60 * 60_000;

let fixture: LabFixture;
let harness: Harness;
let tomas: Actor;
let trainee: Agent;

/** Tomas in Ines's cohort, api-lab assigned until an hour from now; he has saved notes once. */
beforeEach(async () => {
  fixture = await LabFixture.create();
  await addApiTestLab(fixture, 'api-lab');
  harness = await Harness.create({ labsDir: fixture.labsDir });
  const [ines, created] = await Promise.all([harness.user('ines', 'instructor'), harness.user('tomas')]);
  tomas = created;
  trainee = await harness.signIn(tomas);
  harness.cohort(ines, [tomas], ['api-lab'], { closesAt: new Date(harness.now().getTime() + HOUR) });
  expect((await trainee.json('PUT', '/api/labs/api-lab/notes', { body: 'first notes', baseRevision: 0 })).status).toBe(
    200,
  );
});
afterEach(async () => {
  await harness.dispose();
  await fixture.dispose();
});

describe("once a trainee's assignment has closed", () => {
  it('refuses to unlock a hint, with a message saying the lab has closed, and records nothing', async () => {
    const before = { unlocks: harness.count('hint_unlocks'), audit: harness.count('audit_log') };
    harness.advance(HOUR);
    const refused = await trainee.json<ErrorBody>('POST', '/api/labs/api-lab/tasks/attacker-ip/hints/0');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(refused.body.error.message).toMatch(/closed .*hints can no longer be unlocked/u);
    // The hint's text is not released either.
    expect(refused.body).not.toHaveProperty('hint');
    expect({ unlocks: harness.count('hint_unlocks'), audit: harness.count('audit_log') }).toEqual(before);
  });

  it('still unlocks a hint while the lab is open', async () => {
    harness.advance(HOUR - 1);
    expect((await trainee.json('POST', '/api/labs/api-lab/tasks/attacker-ip/hints/0')).status).toBe(200);
  });

  it('keeps the notes readable but refuses to save them, with a message saying why', async () => {
    harness.advance(HOUR);
    const refused = await trainee.json<ErrorBody>('PUT', '/api/labs/api-lab/notes', {
      body: 'written after the close',
      baseRevision: 1,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(refused.body.error.message).toMatch(/closed .*notes can still be read but no longer changed/u);
    const notes = await trainee.json<{ notes: { body: string; revision: number } }>('GET', '/api/labs/api-lab/notes');
    expect(notes.status).toBe(200);
    expect(notes.body.notes).toMatchObject({ body: 'first notes', revision: 1 });
  });
});
