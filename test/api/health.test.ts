import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';

let fixture: LabFixture;
let harness: Harness;
beforeEach(async () => {
  fixture = await LabFixture.create();
  await fixture.addLab('good-lab');
  await fixture.addLab('bad-lab');
  await fixture.edit('bad-lab', 'difficulty: beginner', 'difficulty: impossible');
  harness = await Harness.create({ labsDir: fixture.labsDir });
});
afterEach(async () => {
  await harness.dispose();
  await fixture.dispose();
});

describe('GET /api/health', () => {
  it('reports the version, the labs loaded and the labs that failed, with the problems for an administrator', async () => {
    const admin = await harness.signIn(await harness.user('root', 'admin'));
    const response = await admin.json<{
      version: string;
      labs: { loaded: number; ids: string[]; failed: { id: string; problems: string[] }[] };
    }>('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body.version).toMatch(/^\d+\.\d+\.\d+$/u);
    expect(response.body.labs.loaded).toBe(1);
    expect(response.body.labs.ids).toEqual(['good-lab']);
    expect(response.body.labs.failed).toHaveLength(1);
    expect(response.body.labs.failed[0]!.id).toBe('bad-lab');
    expect(response.body.labs.failed[0]!.problems[0]).toMatch(/lab\.yaml:\d+:\d+ difficulty: expected one of/u);
  });

  it('shows anonymous callers only how many labs loaded and failed, not which or why', async () => {
    const response = await harness.anonymous().json<{ labs: Record<string, unknown> }>('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body.labs).toEqual({ loaded: 1, failedCount: 1 });
    expect(response.text).not.toContain('good-lab');
    expect(response.text).not.toContain('bad-lab');
  });

  it('sends secure headers', async () => {
    const response = await harness.anonymous().json('GET', '/api/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers an unknown API route with the error envelope and 404', async () => {
    const response = await harness.anonymous().json('GET', '/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: 'There is no such API route.' } });
  });
});
