import { AppError } from '../errors.ts';
import type { Actor, ServiceContext } from './context.ts';
import { openTraineeLab } from './trainee-lab.ts';

/** A trainee's evidence file as stored on disk. */
export interface EvidenceFile {
  path: string;
  size: number;
  sha256: string;
  fileName: string;
  kind: string;
}

const TEXT_KINDS = new Set(['log', 'text', 'json', 'csv', 'email']);

/**
 * Finds an artefact of a lab assigned to the actor. The file path comes only from the lab
 * definition (or the actor's generated variant), looked up by the artefact's id: nothing the
 * client sends is ever joined into a path.
 */
export function findEvidence(ctx: ServiceContext, actor: Actor, labId: string, evidenceId: string, options: { textOnly?: boolean } = {}): EvidenceFile {
  const { lab, variant } = openTraineeLab(ctx, actor, labId);
  const evidence = lab.evidence.find((item) => item.definition.id === evidenceId);
  if (!evidence) throw new AppError('not_found', `the lab has no evidence "${evidenceId}"`);
  if (options.textOnly && !TEXT_KINDS.has(evidence.definition.kind))
    throw new AppError('bad_request', `"${evidenceId}" is ${evidence.definition.kind} evidence: download it instead of reading it as lines`);
  const fileName = evidence.definition.file.split('/').pop()!;
  const generated = variant.files.get(evidenceId);
  if (generated) return { path: generated.path, size: generated.size, sha256: generated.sha256, fileName, kind: evidence.definition.kind };
  return { path: evidence.path!, size: evidence.size!, sha256: evidence.definition.sha256!, fileName, kind: evidence.definition.kind };
}

/** A parsed single byte range, or undefined for the whole file; throws 416-style errors as bad_request. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined | 'unsatisfiable' {
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
