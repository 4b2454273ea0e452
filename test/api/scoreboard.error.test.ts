import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { sharedApiTest as it } from '../helpers/fixtures.ts';
import type { Harness } from '../helpers/harness.ts';

function auditCount(harness: Harness): number {
  return (
    harness.db.$client
      .prepare("select count(*) as count from audit_log where action = 'scoreboard.settings'")
      .get() as { count: number }
  ).count;
}

describe('malformed requests', () => {
  it('refuse a cohort id that is not a positive whole number on every route, naming the field', async ({
    instructor,
  }) => {
    for (const id of ['abc', '0', '-3', '1.5']) {
      for (const [method, path, body] of [
        ['GET', `/api/scoreboard/${id}`],
        ['GET', `/api/scoreboard/${id}/chart`],
        ['GET', `/api/scoreboard/${id}/csv`],
        ['GET', `/api/scoreboard/${id}/stream`],
        ['PATCH', `/api/scoreboard/${id}/settings`, { visibility: 'names' }],
      ] as [string, string, unknown?][]) {
        const response = await instructor.json<ErrorBody>(method, path, body);
        expect(response.status, `${method} ${path}`).toBe(400);
        expect(response.body.error).toMatchObject({ code: 'bad_request', field: 'cohortId' });
      }
    }
  });

  it('refuse a board limit outside 1 to 500 and accept the bounds', async ({ trainee, cohort }) => {
    for (const limit of ['0', '501', 'many', '2.5']) {
      const response = await trainee.json<ErrorBody>('GET', `/api/scoreboard/${cohort.id}?limit=${limit}`);
      expect(response.status, limit).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'bad_request', field: 'limit' });
    }
    for (const limit of ['1', '500'])
      expect((await trainee.json('GET', `/api/scoreboard/${cohort.id}?limit=${limit}`)).status).toBe(200);
  });

  it('refuse a chart size outside 1 to 10 and an export limit below 1', async ({ trainee, cohort }) => {
    for (const top of ['0', '11', 'all']) {
      const response = await trainee.json<ErrorBody>('GET', `/api/scoreboard/${cohort.id}/chart?top=${top}`);
      expect(response.status, top).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'bad_request', field: 'top' });
    }
    const csv = await trainee.json<ErrorBody>('GET', `/api/scoreboard/${cohort.id}/csv?limit=0`);
    expect(csv.status).toBe(400);
    expect(csv.body.error).toMatchObject({ code: 'bad_request', field: 'limit' });
  });

  it('refuse settings that are missing, unknown or malformed, and change nothing', async ({
    harness,
    instructor,
    cohort,
  }) => {
    const before = auditCount(harness);
    const cases: [body: unknown, field: string | undefined][] = [
      [{}, 'visibility'],
      [{ visibility: 'public' }, 'visibility'],
      [{ visibility: null }, 'visibility'],
      [{ freezeAt: 'tomorrow' }, 'freezeAt'],
      [{ freezeAt: '2024-04-01T10:00:00' }, 'freezeAt'],
      [{ freezeAt: 1711962000000 }, 'freezeAt'],
      [{ visibility: 'names', colour: 'red' }, undefined],
    ];
    for (const [body, field] of cases) {
      const response = await instructor.json<ErrorBody>('PATCH', `/api/scoreboard/${cohort.id}/settings`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
      expect(response.body.error.field).toBe(field);
    }
    const board = await instructor.json<{ cohort: { visibility: string; freezeAt: string | null } }>(
      'GET',
      `/api/scoreboard/${cohort.id}`,
    );
    expect(board.body.cohort).toMatchObject({ visibility: 'pseudonyms', freezeAt: null });
    expect(auditCount(harness)).toBe(before);
  });

  it('refuse settings that are not sent as JSON', async ({ instructor, cohort }) => {
    const response = await instructor.request(`/api/scoreboard/${cohort.id}/settings`, {
      method: 'PATCH',
      body: 'visibility=names',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as ErrorBody).error.code).toBe('unsupported_media_type');
  });
});

describe('missing things', () => {
  it('a cohort that does not exist is 404 on every route, even for an administrator', async ({ adminAgent }) => {
    for (const [method, path, body] of [
      ['GET', '/api/scoreboard/4242'],
      ['GET', '/api/scoreboard/4242/chart'],
      ['GET', '/api/scoreboard/4242/csv'],
      ['GET', '/api/scoreboard/4242/stream'],
      ['PATCH', '/api/scoreboard/4242/settings', { visibility: 'names' }],
    ] as [string, string, unknown?][]) {
      const response = await adminAgent.json<ErrorBody>(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it('an unknown scoreboard route is 404 in the API envelope', async ({ adminAgent, cohort }) => {
    const response = await adminAgent.json<ErrorBody>('GET', `/api/scoreboard/${cohort.id}/podium`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('settings that change nothing', () => {
  it('are answered with the current settings, without an audit entry or a reload notice', async ({
    harness,
    instructor,
    cohort,
  }) => {
    const before = auditCount(harness);
    let notices = 0;
    const listener = () => void (notices += 1);
    harness.services.events.on('scores-changed', listener);
    try {
      const response = await instructor.json<{ settings: unknown }>('PATCH', `/api/scoreboard/${cohort.id}/settings`, {
        visibility: 'pseudonyms',
        freezeAt: null,
      });
      expect(response.status).toBe(200);
      expect(response.body.settings).toEqual({ visibility: 'pseudonyms', freezeAt: null });
    } finally {
      harness.services.events.off('scores-changed', listener);
    }
    expect(notices).toBe(0);
    expect(auditCount(harness)).toBe(before);
  });
});

describe('a board without labs or points', () => {
  it('ranks every member at 0 points with empty lab columns', async ({ trainee, cohort, tomas }) => {
    const response = await trainee.json<{
      labs: unknown[];
      rows: { rank: number; points: number; labPoints: number[]; me: boolean }[];
      total: number;
    }>('GET', `/api/scoreboard/${cohort.id}`);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(1);
    expect(response.body.rows).toEqual([
      expect.objectContaining({ rank: 1, points: 0, labPoints: [0], me: true, userId: tomas.id }),
    ]);
    const chart = await trainee.json<{ series: { steps: unknown[] }[] }>('GET', `/api/scoreboard/${cohort.id}/chart`);
    expect(chart.body.series).toEqual([expect.objectContaining({ me: true, steps: [] })]);
  });
});
