import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { requireAdmin } from '../services/policy.ts';
import {
  exportInstalledPackage,
  inspectPackage,
  installPackage,
  requirePackageInstaller,
} from '../services/admin/packages.ts';

const flag = (name: string) =>
  z.enum(['true', 'false'], { message: `${name} is "true" or "false".` }).transform((value) => value === 'true');

// The package is the body (application/octet-stream), so the choices ride in the query.
const packageQuery = z.object({
  dryRun: flag('dryRun').default(true),
  asNewVersion: flag('asNewVersion').default(false),
  confirmCode: z
    .string()
    .regex(/^[0-9a-f]{64}$/u, 'confirmCode is the codeSha256 that inspecting the package answered (64 hex digits).')
    .optional(),
});

const exportQuery = z.object({
  id: z
    .string({ message: 'Name the lab or course to export: ?id=<its id>.' })
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/u, 'id is a lab or course id (lower-case letters, digits and hyphens).'),
});

/**
 * Lab packages (issue #14): an administrator uploads a package's .zip to inspect it, then to install
 * it, and downloads the package of an installed lab or course.
 */
export function adminPackageRoutes() {
  return new Hono<AppEnv>()
    .get(
      '/export',
      // Who asks is checked before the query, so that nobody else learns what the route expects.
      async (c, next) => {
        requireAdmin(signedIn(c), 'Only an administrator can export lab packages.');
        await next();
      },
      validate('query', exportQuery),
      async (c) => {
        const { id } = c.req.valid('query');
        const archive = await exportInstalledPackage(c.get('services'), signedIn(c), id);
        return c.body(new Uint8Array(archive), 200, {
          'content-type': 'application/zip',
          'content-disposition': `attachment; filename="${id}.zip"`,
          'cache-control': 'no-store',
        });
      },
    )
    .post('/', validate('query', packageQuery), async (c) => {
      const actor = signedIn(c);
      // Before the body is read: nobody else's upload is worth reading.
      requirePackageInstaller(actor);
      const archive = Buffer.from(await c.req.arrayBuffer());
      if (archive.length === 0)
        throw new AppError(
          'bad_request',
          'Send the package .zip as the request body (application/octet-stream).',
          'package',
        );
      const { dryRun, asNewVersion, confirmCode } = c.req.valid('query');
      const services = c.get('services');
      // Each answer has its own shape (an inspection, an installation): the client tells them apart by dryRun.
      return dryRun
        ? c.json({ dryRun: true as const, ...(await inspectPackage(services, actor, archive, { asNewVersion })) })
        : c.json({
            dryRun: false as const,
            ...(await installPackage(services, actor, archive, { asNewVersion, confirmCode })),
          });
    });
}
