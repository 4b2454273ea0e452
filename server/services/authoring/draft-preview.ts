import { open } from 'node:fs/promises';
import type { LoadedLab } from '../../labs/loader.ts';
import { generateVariant, resolveTask, type Variant } from '../../labs/variants.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { describeLabPreview } from '../instructor/lab-preview.ts';
import { isTextContent } from './storage.ts';
import { withValidDraft } from './validate-draft.ts';

/** How much of each text file the variant view shows. */
const HEAD_LINES = 40;
const HEAD_BYTES = 4096;

/** The first lines of a text, or null for binary content. */
function headOf(bytes: Uint8Array, complete: boolean): { text: boolean; head: string | null } {
  const slice = bytes.subarray(0, HEAD_BYTES);
  if (!isTextContent(slice, complete && bytes.length <= HEAD_BYTES)) return { text: false, head: null };
  const text = new TextDecoder().decode(slice);
  return { text: true, head: text.split('\n').slice(0, HEAD_LINES).join('\n') };
}

async function fileHead(path: string): Promise<{ text: boolean; head: string | null }> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return headOf(buffer.subarray(0, bytesRead), bytesRead <= HEAD_BYTES);
  } finally {
    await handle.close();
  }
}

/** A draft's variant made in memory: never written to the variant cache, which serves trainees. */
function variantInMemory(lab: LoadedLab, seed: string) {
  const variant: Variant = generateVariant(lab, seed);
  return {
    variant,
    tasks: new Map(lab.definition.tasks.map((task) => [task.id, resolveTask(task, variant)])),
  };
}

/** What a seed produces for a draft: the generated values, and each artefact's name, size and first lines. */
export async function draftVariant(ctx: ServiceContext, actor: Actor, draftId: number, seed: string) {
  return withValidDraft(ctx, actor, draftId, async (lab) => {
    const { variant } = variantInMemory(lab, seed);
    const files = await Promise.all(
      lab.evidence.map(async ({ definition, path, size }) => {
        const generated = variant.files.get(definition.id);
        const shown = generated
          ? { size: generated.size, sha256: generated.sha256, ...headOf(generated.content, true) }
          : {
              size: size ?? 0,
              sha256: definition.sha256 ?? null,
              ...(path ? await fileHead(path) : { text: false, head: null }),
            };
        return {
          evidenceId: definition.id,
          file: definition.file,
          title: definition.title,
          kind: definition.kind,
          generated: definition.generated,
          ...shown,
        };
      }),
    );
    return { seed, generated: !!lab.generator, values: variant.values, files };
  });
}

/** The seed of the authors' preview, as the instructors' preview has its own. */
const DRAFT_PREVIEW_SEED = 'author-preview';

/** The draft as a trainee would see it (the instructors' preview of it), answers only with `reveal`. */
export async function previewDraft(ctx: ServiceContext, actor: Actor, draftId: number, options: { reveal: boolean }) {
  return withValidDraft(ctx, actor, draftId, (lab) => {
    const { variant, tasks } = variantInMemory(lab, DRAFT_PREVIEW_SEED);
    return describeLabPreview(lab, { values: variant.values, files: variant.files, tasks }, options);
  });
}
