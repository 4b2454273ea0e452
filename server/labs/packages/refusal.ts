/** Why a package was refused before anything of it was installed. */
export type RefusalReason =
  | 'not-a-zip'
  | 'path-traversal'
  | 'absolute-path'
  | 'bad-file-name'
  | 'link'
  | 'duplicate-entry'
  | 'encrypted'
  | 'too-many-files'
  | 'too-large'
  | 'file-too-large'
  | 'compression-ratio'
  | 'size-mismatch'
  | 'missing-manifest'
  | 'invalid-manifest'
  | 'unsupported-format'
  | 'hash-mismatch'
  | 'unlisted-file'
  | 'missing-file';

/** A package refused as a whole (a hostile or damaged archive): nothing of it is installed. */
export class PackageRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}
