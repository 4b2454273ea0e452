import { describe, expect } from 'vitest';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import { read, readError } from '../helpers/read.ts';

/** One lab that loads and one that fails (an unknown difficulty). */
const it = apiTest.extend(
  'labsDir',
  labsFolder(async (fixture) => {
    await fixture.addLab('good-lab');
    await fixture.addLab('bad-lab');
    await fixture.edit('bad-lab', 'difficulty: beginner', 'difficulty: impossible');
  }),
);

describe('GET /api/health', () => {
  it('reports the version, the labs loaded and the labs that failed, with the problems for an administrator', async ({
    harness,
  }) => {
    const admin = await harness.signIn(await harness.user('root', 'admin'));
    const response = await read(admin.api.health.$get());
    expect(response.status).toBe(200);
    const { version, labs } = response.body;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/u);
    expect(labs.loaded).toBe(1);
    expect(labs.ids).toEqual(['good-lab']);
    expect(labs.failed).toHaveLength(1);
    expect(labs.failed![0]!.id).toBe('bad-lab');
    expect(labs.failed![0]!.problems[0]).toMatch(/lab\.yaml:\d+:\d+ difficulty: expected one of/u);
  });

  it('shows anonymous callers only how many labs loaded and failed, not which or why', async ({ harness }) => {
    const response = await read(harness.anonymous().api.health.$get());
    expect(response.status).toBe(200);
    expect(response.body.labs).toEqual({ loaded: 1, failedCount: 1 });
    expect(response.text).not.toContain('good-lab');
    expect(response.text).not.toContain('bad-lab');
  });

  it('sends secure headers', async ({ harness }) => {
    const response = await harness.anonymous().api.health.$get();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers an unknown API route with the error envelope and 404', async ({ harness }) => {
    // A raw request: the typed client knows only the routes that exist.
    const response = await readError(harness.anonymous().request('/api/nothing-here'));
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: 'There is no such API route.' } });
  });
});
