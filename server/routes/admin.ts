import { Hono } from 'hono';
import { z } from 'zod';
import { roles } from '../db/schema.ts';
import { allowOnly, signedIn, type AppEnv } from '../middleware/session.ts';
import { requireAdmin } from '../services/policy.ts';
import { validate } from '../middleware/validate.ts';
import { displayNameSchema, usernameSchema } from '../services/accounts/accounts.ts';
import {
  ACCOUNTS_PAGE_DEFAULT,
  ACCOUNTS_PAGE_MAX,
  changeRole,
  createAccountWithLink,
  disableAccount,
  enableAccount,
  endAccountSessions,
  listAccounts,
  resetPassword,
} from '../services/admin/accounts.ts';
import { importAccounts, previewImport } from '../services/admin/account-import.ts';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, listAuditLog } from '../services/admin/audit-log.ts';
import { adminOverview } from '../services/admin/overview.ts';
import { adminPackageRoutes } from './admin-packages.ts';

const accountParam = z.object({ userId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const roleSchema = z.enum(roles, { message: 'Choose a role: admin, instructor or trainee.' });
/** A page of a list: `limit` rows from `offset`, for a list answered a page at a time. */
const pageQuery = (pageDefault: number, pageMax: number) => ({
  limit: z.coerce.number().int().min(1).max(pageMax).default(pageDefault),
  offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
});
const accountsQuery = z.object({
  q: z.string().max(100).optional(),
  role: roleSchema.optional(),
  ...pageQuery(ACCOUNTS_PAGE_DEFAULT, ACCOUNTS_PAGE_MAX),
});
const newAccountBody = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  cohortId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
const importBody = z.object({
  // The size is judged by the service (in bytes, with a clear message); this only bounds the parse.
  csv: z.string({ message: 'Send the CSV file as text in "csv".' }),
  dryRun: z.boolean().default(true),
});
const auditQuery = z.object(pageQuery(AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX));

/** Account administration (issue #14): administrators only, as the services decide. */
export function adminRoutes() {
  return (
    new Hono<AppEnv>()
      // Administrators only, asked before anything in the request is read.
      .use(
        '*',
        allowOnly((_, actor) => requireAdmin(actor)),
      )
      .get('/overview', (c) => c.json(adminOverview(c.get('services'), signedIn(c))))
      .route('/packages', adminPackageRoutes())
      .get('/audit', validate('query', auditQuery), (c) =>
        c.json(listAuditLog(c.get('services'), signedIn(c), c.req.valid('query'))),
      )
      .get('/accounts', validate('query', accountsQuery), (c) => {
        const { q, ...page } = c.req.valid('query');
        return c.json(listAccounts(c.get('services'), signedIn(c), { search: q, ...page }));
      })
      .post('/accounts', validate('json', newAccountBody), async (c) => {
        const created = await createAccountWithLink(c.get('services'), signedIn(c), c.req.valid('json'));
        return c.json(created, 201);
      })
      .post('/accounts/import', validate('json', importBody), async (c) => {
        const { csv, dryRun } = c.req.valid('json');
        const services = c.get('services');
        // Each answer has its own shape (a preview, a report): the client tells them apart by dryRun.
        return dryRun
          ? c.json(previewImport(services, signedIn(c), csv))
          : c.json(await importAccounts(services, signedIn(c), csv));
      })
      .post('/accounts/:userId/disable', validate('param', accountParam), async (c) => {
        const account = await disableAccount(c.get('services'), signedIn(c), c.req.valid('param').userId);
        return c.json({ account });
      })
      .post('/accounts/:userId/enable', validate('param', accountParam), async (c) => {
        const account = await enableAccount(c.get('services'), signedIn(c), c.req.valid('param').userId);
        return c.json({ account });
      })
      .post(
        '/accounts/:userId/role',
        validate('param', accountParam),
        validate('json', z.object({ role: roleSchema })),
        async (c) => {
          const account = await changeRole(
            c.get('services'),
            signedIn(c),
            c.req.valid('param').userId,
            c.req.valid('json').role,
          );
          return c.json({ account });
        },
      )
      .post('/accounts/:userId/end-sessions', validate('param', accountParam), async (c) => {
        const ended = await endAccountSessions(c.get('services'), signedIn(c), c.req.valid('param').userId);
        return c.json({ ended });
      })
      .post('/accounts/:userId/reset-password', validate('param', accountParam), async (c) => {
        const link = await resetPassword(c.get('services'), signedIn(c), c.req.valid('param').userId);
        return c.json({ link });
      })
  );
}
