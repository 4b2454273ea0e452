import { z } from 'zod';

/** The manifest's name at the root of every package. */
export const MANIFEST_NAME = 'casebench-package.json';

/** The package format this code writes and reads; a package of another version is refused, never guessed at. */
export const PACKAGE_FORMAT_VERSION = 1;

/** Files whose contents run on the server: a package holding any of them needs an administrator's confirmation. */
export const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/iu;

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, 'expected a lab or course id');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/u, 'expected a SHA-256 as 64 lower-case hex digits');

/** One file of the package, as the exporter hashed it. */
const packageFile = z.strictObject({
  /** Relative path inside the package, forward slashes: `<lab-id>/...` or `courses/<course-id>.yaml`. */
  path: z.string().min(1).max(400),
  sha256,
  size: z.number().int().min(0),
});

/** The manifest of a package: what it holds, written by `npm run lab -- export`. */
export const manifestSchema = z.strictObject({
  format: z.literal('casebench-package'),
  formatVersion: z.number().int().min(1),
  kind: z.enum(['lab', 'course']),
  /** The lab or course the package was exported for. */
  id: slug,
  labs: z.array(z.strictObject({ id: slug, version: z.number().int().min(1) })).min(1),
  /** The course's id when kind is course. */
  course: slug.optional(),
  exportedAt: z.string().optional(),
  files: z.array(packageFile).min(1),
});
export type PackageManifest = z.infer<typeof manifestSchema>;
export type PackageFile = PackageManifest['files'][number];
