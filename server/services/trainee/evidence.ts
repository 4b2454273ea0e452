import { AppError } from '../../errors.ts';
import { textEvidenceKinds } from '../../labs/schema.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { quoted } from '../../lib/words.ts';
import type { LoadedLab } from '../../labs/loader.ts';
import { openTraineeLab } from './trainee-lab.ts';
import type { LabVariant } from './variant-store.ts';

/** A trainee's evidence file as stored on disk. */
export interface EvidenceFile {
  path: string;
  size: number;
  sha256: string;
  fileName: string;
  kind: string;
  /** The exhibit's title, for messages about it. */
  title: string;
}

const KIND_IN_WORDS: Record<string, string> = {
  log: 'a log',
  text: 'a text file',
  json: 'a JSON file',
  csv: 'a CSV table',
  email: 'an e-mail',
  image: 'an image',
  binary: 'a binary file',
  sqlite: 'an SQLite database',
};

/** What sort of artefact an evidence kind is, for messages: "an image". */
export function kindInWords(kind: string): string {
  return KIND_IN_WORDS[kind] ?? 'a file';
}

const TEXT_KINDS: ReadonlySet<string> = new Set(textEvidenceKinds);

/**
 * Finds an artefact of a lab assigned to the actor. The file path comes only from the lab
 * definition (or the actor's generated variant), looked up by the artefact's id: nothing the
 * client sends is ever joined into a path.
 */
export async function findEvidence(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  evidenceId: string,
  options: { textOnly?: boolean } = {},
): Promise<EvidenceFile> {
  const { lab, variant } = await openTraineeLab(ctx, actor, labId);
  return evidenceFileOf(lab, variant, evidenceId, options);
}

/**
 * An artefact of a lab in one variant (a trainee's, or the instructors' preview), looked up by its id
 * in the lab definition: nothing the client sends is joined into a path.
 */
export function evidenceFileOf(
  lab: LoadedLab,
  variant: Pick<LabVariant, 'files'>,
  evidenceId: string,
  options: { textOnly?: boolean } = {},
): EvidenceFile {
  const evidence = lab.evidence.find((item) => item.definition.id === evidenceId);
  if (!evidence) throw new AppError('not_found', 'This lab has no such artefact.');
  if (options.textOnly && !TEXT_KINDS.has(evidence.definition.kind))
    throw new AppError(
      'bad_request',
      `${quoted(evidence.definition.title)} is ${kindInWords(evidence.definition.kind)}, not text: download it to ` +
        'examine it.',
    );
  const fileName = evidence.definition.file.split('/').pop()!;
  const { kind, title } = evidence.definition;
  const generated = variant.files.get(evidenceId);
  if (generated) return { path: generated.path, size: generated.size, sha256: generated.sha256, fileName, kind, title };
  return { path: evidence.path!, size: evidence.size!, sha256: evidence.definition.sha256!, fileName, kind, title };
}

/** A parsed single byte range, or undefined for the whole file; throws 416-style errors as bad_request. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined | 'unsatisfiable' {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/u.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
