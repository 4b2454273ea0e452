// The live board is kept in memory per process and moved by that process's own score events. A
// second app on the same database file stands for another server process: what it stores must show
// on the first app's very next board, which only the database can tell it. And the per-lab points the
// board reads are there after an upgrade too.
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import type { Scoreboard } from '../../server/services/scoreboard/scoreboard.ts';
import { sameSessionOn, twoProcessTest as it } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';

async function board(agent: Agent, cohortId: number) {
  const response = await agent.json<Scoreboard>('GET', `/api/scoreboard/${cohortId}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

const rows = (view: Scoreboard) => view.rows.map((row) => [row.rank, row.name, row.points, row.labPoints]);

describe('a board kept by one process', () => {
  it('shows an answer stored by another process on its next request, and the other way round', async ({
    cohort,
    instructor,
    trainee,
    otherApp,
  }) => {
    const here = instructor;
    const there = sameSessionOn(otherApp, instructor);
    expect(rows(await board(here, cohort.id))).toEqual([[1, 'tomas display', 0, [0]]]);
    expect(rows(await board(there, cohort.id))).toEqual([[1, 'tomas display', 0, [0]]]);

    const answer = await sameSessionOn(otherApp, trainee).json(
      'POST',
      '/api/labs/api-lab/tasks/attacker-ip/submissions',
      {
        answer: '203.0.113.77',
      },
    );
    expect(answer.status, answer.text).toBe(201);
    expect(rows(await board(here, cohort.id))).toEqual([[1, 'tomas display', 10, [10]]]);

    const second = await trainee.json('POST', '/api/labs/api-lab/tasks/attempts/submissions', { answer: '2' });
    expect(second.status, second.text).toBe(201);
    expect(rows(await board(there, cohort.id))).toEqual([[1, 'tomas display', 30, [30]]]);
    expect(rows(await board(here, cohort.id))).toEqual([[1, 'tomas display', 30, [30]]]);
  });

  it("counts on a trainee's frozen board an answer another process stores in the freeze's own millisecond", async ({
    cohort,
    instructor,
    trainee,
    otherApp,
    harness,
  }) => {
    const freeze = await instructor.json('PATCH', `/api/scoreboard/${cohort.id}/settings`, {
      freezeAt: harness.now().toISOString(),
    });
    expect(freeze.status, freeze.text).toBe(200);
    const before = await board(trainee, cohort.id);
    expect(before.frozen).toBe(true);
    expect(rows(before)).toEqual([[1, 'tomas display', 0, [0]]]);

    // Received at the freeze time (the clock has not moved), so it counts on the frozen board.
    const answer = await sameSessionOn(otherApp, trainee).json(
      'POST',
      '/api/labs/api-lab/tasks/attacker-ip/submissions',
      {
        answer: '203.0.113.77',
      },
    );
    expect(answer.status, answer.text).toBe(201);
    expect(rows(await board(trainee, cohort.id))).toEqual([[1, 'tomas display', 10, [10]]]);

    // One stored here at the same time counts as well.
    const second = await trainee.json('POST', '/api/labs/api-lab/tasks/attempts/submissions', { answer: '2' });
    expect(second.status, second.text).toBe(201);
    expect(rows(await board(trainee, cohort.id))).toEqual([[1, 'tomas display', 30, [30]]]);

    // An answer after the freeze does not.
    harness.advance(1_000);
    const later = await trainee.json('POST', '/api/labs/api-lab/tasks/summary/submissions', {
      answer: 'Someone guessed passwords and failed.',
    });
    expect(later.status, later.text).toBe(201);
    expect(rows(await board(trainee, cohort.id))).toEqual([[1, 'tomas display', 30, [30]]]);
  });

  it('shows a member who joined, one who left and a lab withdrawn through another process', async ({
    harness,
    cohort,
    tomas,
    instructor,
    otherApp,
  }) => {
    const there = sameSessionOn(otherApp, instructor);
    expect(rows(await board(instructor, cohort.id))).toEqual([[1, 'tomas display', 0, [0]]]);

    const ana = await harness.user('ana');
    const joined = await sameSessionOn(otherApp, await harness.signIn(ana)).json('POST', '/api/cohorts/join', {
      code: cohort.joinCode,
    });
    expect(joined.status, joined.text).toBe(200);
    expect(rows(await board(instructor, cohort.id))).toEqual([
      [1, 'tomas display', 0, [0]],
      [2, 'ana display', 0, [0]],
    ]);

    const left = await there.json('DELETE', `/api/cohorts/${cohort.id}/members/${tomas.id}`);
    expect(left.status, left.text).toBeLessThan(300);
    expect(rows(await board(instructor, cohort.id))).toEqual([[1, 'ana display', 0, [0]]]);

    const [assignment] = harness.snapshot({ ids: 'select id from cohort_assignments' }).ids as { id: number }[];
    const withdrawn = await there.json('DELETE', `/api/cohorts/${cohort.id}/assignments/${assignment!.id}`);
    expect(withdrawn.status, withdrawn.text).toBeLessThan(300);
    const view = await board(instructor, cohort.id);
    expect(view.labs).toEqual([]);
    expect(rows(view)).toEqual([[1, 'ana display', 0, []]]);
  });

  it("follows the cohort's settings and instructor as another process changes them", async ({
    harness,
    cohort,
    trainee,
    instructor,
    otherApp,
  }) => {
    // Each viewer's access is kept after its first board: these are the ones to be read again.
    expect((await board(trainee, cohort.id)).view).toBe('full');
    expect((await board(instructor, cohort.id)).cohort.visibility).toBe('pseudonyms');

    const hidden = await sameSessionOn(otherApp, instructor).json('PATCH', `/api/scoreboard/${cohort.id}/settings`, {
      visibility: 'hidden',
    });
    expect(hidden.status, hidden.text).toBe(200);
    expect((await board(trainee, cohort.id)).view).toBe('own-row');
    expect((await board(instructor, cohort.id)).cohort.visibility).toBe('hidden');

    // The cohort handed to another instructor (as a tool writing to the database would): the first
    // one no longer sees its board, at once.
    const other = await harness.user('other-instructor', 'instructor');
    harness.db.$client.prepare('update cohorts set instructor_id = ? where id = ?').run(other.id, cohort.id);
    const refused = await instructor.json('GET', `/api/scoreboard/${cohort.id}`);
    expect(refused.status, refused.text).toBe(404);
  });
});

describe('a database from before the per-lab points were kept', () => {
  it('gets them from its task results when it is upgraded', async ({ harness, cohort, trainee }) => {
    for (const [task, answer] of [
      ['attacker-ip', '203.0.113.77'],
      ['attempts', '2'],
    ])
      expect((await trainee.json('POST', `/api/labs/api-lab/tasks/${task}/submissions`, { answer })).status).toBe(201);
    const kept = 'select cohort_id, user_id, lab_id, points from cohort_lab_scores order by 1, 2, 3';
    const before = harness.snapshot({ kept });
    expect(before.kept).toEqual([{ cohort_id: cohort.id, user_id: trainee.user!.id, lab_id: 'api-lab', points: 30 }]);

    // Back to the schema before migration 0002: without the table (and the later migrations' triggers and
    // tables), and without 0002 and what came after it recorded.
    harness.db.$client.exec(`drop table cohort_lab_scores;
      drop trigger cohorts_update_moves_access_epoch;
      drop trigger cohorts_delete_moves_access_epoch;
      drop table saved_queries;
      drop table password_links;
      drop table lab_authors;
      drop table lab_drafts;
      drop table lab_versions;
      drop table cohort_invitations;
      alter table submissions drop column misconception;
      delete from __drizzle_migrations
        where created_at >= (select created_at from __drizzle_migrations order by created_at limit 1 offset 2);`);
    const upgraded = openDatabase(join(harness.dir, 'casebench.db'));
    try {
      expect(upgraded.$client.prepare(kept).all()).toEqual(before.kept);
    } finally {
      upgraded.$client.close();
    }
  });
});
