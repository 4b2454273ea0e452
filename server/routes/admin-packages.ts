import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { inspectPackage, installPackage, requirePackageInstaller } from '../services/admin/packages.ts';

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

/** Lab packages (issue #14): an administrator uploads a package's .zip to inspect it, then to install it. */
export function adminPackageRoutes() {
  return new Hono<AppEnv>().post('/', validate('query', packageQuery), async (c) => {
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
