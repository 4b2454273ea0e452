import { createSignal, createUniqueId, For, Show, type JSX } from 'solid-js';
import { formatBytes } from '../../components/EvidenceList.tsx';
import { t, type MessageKey } from '../../i18n/messages.ts';
import { ApiError } from '../../lib/api.ts';
import { FileDropZone } from '../../components/FileDropZone.tsx';
import { authoring } from '../../lib/authoring.ts';
import { browserTimeZone, localInputToIso } from '../../lib/datetime.ts';
import { failureMessage } from '../../lib/failure-message.ts';

/** The kinds of evidence the lab format knows, in the order the form offers them. */
const KINDS = ['log', 'text', 'json', 'csv', 'email', 'image', 'binary', 'sqlite'] as const;
type Kind = (typeof KINDS)[number];

/** A first guess at the kind from the file's name; the author can change it. */
function guessKind(name: string): Kind {
  const extension = name.toLowerCase().split('.').at(-1) ?? '';
  if (['log', 'syslog'].includes(extension)) return 'log';
  if (['json', 'jsonl', 'ndjson'].includes(extension)) return 'json';
  if (extension === 'csv') return 'csv';
  if (['eml', 'mbox', 'msg'].includes(extension)) return 'email';
  if (['png', 'jpg', 'jpeg', 'gif', 'webp'].includes(extension)) return 'image';
  if (['sqlite', 'db', 'sqlite3'].includes(extension)) return 'sqlite';
  if (['txt', 'md', 'text'].includes(extension)) return 'text';
  return 'binary';
}

/** An evidence id from a file name: lower-case words joined by single hyphens, as the format wants. */
function idFromName(name: string): string {
  const stem = name.replace(/\.[^.]*$/u, '');
  return (
    stem
      .toLowerCase()
      .replace(/[^a-z0-9]+/gu, '-')
      .replace(/^-+|-+$/gu, '')
      .slice(0, 60) || 'evidence'
  );
}

/** The file's SHA-256 as hex, computed here; undefined where the browser offers no crypto (plain http off localhost). */
async function sha256Of(file: File): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined;
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The form's fields; the custody ones carry the lab format's names, which the server's errors name. */
const FIELDS = {
  id: 'author.upload.id',
  title: 'author.upload.titleField',
  kind: 'author.upload.kind',
  description: 'author.upload.description',
  source_device: 'author.upload.sourceDevice',
  acquired_by: 'author.upload.acquiredBy',
  acquired_at: 'author.upload.acquiredAt',
  method: 'author.upload.method',
  notes: 'author.upload.notes',
} as const satisfies Record<string, MessageKey>;
type FieldName = keyof typeof FIELDS;

const OPTIONAL = new Set<FieldName>(['description', 'notes']);

/** What the server said after an upload, with whether its SHA-256 agrees with the browser's. */
interface Uploaded {
  file: string;
  sha256: string;
  size: number;
  created: boolean;
  matches: boolean | undefined;
}

/**
 * Adds an evidence file to a draft: dropped on the zone or chosen with the file button, its SHA-256
 * computed here at once, described with its chain-of-custody entry, then sent; the server computes
 * the SHA-256 again and writes the entry into lab.yaml. Errors stand beside the field they concern.
 */
export function EvidenceUpload(props: {
  draftId: number;
  beforeUpload: () => Promise<void>;
  onUploaded: () => Promise<void>;
}) {
  const formId = createUniqueId();
  const [file, setFile] = createSignal<File>();
  const [hash, setHash] = createSignal<string>();
  const [hashing, setHashing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [fieldError, setFieldError] = createSignal<{ field: string; message: string }>();
  const [error, setError] = createSignal<string>();
  const [uploaded, setUploaded] = createSignal<Uploaded>();
  let form!: HTMLFormElement;
  let fileInput!: HTMLInputElement;

  const choose = async (chosen: File | undefined) => {
    setUploaded(undefined);
    setError(undefined);
    setFieldError(undefined);
    setFile(chosen);
    setHash(undefined);
    if (!chosen) return;
    const set = (name: string, value: string) => {
      const input = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      if (input && !input.value) input.value = value;
    };
    set('id', idFromName(chosen.name));
    set('title', chosen.name);
    (form.elements.namedItem('kind') as HTMLSelectElement).value = guessKind(chosen.name);
    setHashing(true);
    try {
      setHash(await sha256Of(chosen));
    } finally {
      setHashing(false);
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = file();
    setError(undefined);
    setFieldError(undefined);
    if (!chosen) {
      setError(t('author.upload.noFile'));
      return;
    }
    const data = new FormData(form);
    const acquiredAt = localInputToIso(String(data.get('acquired_at') ?? ''));
    if (!acquiredAt) {
      setFieldError({ field: 'acquired_at', message: t('author.upload.acquiredAtMissing') });
      return;
    }
    const fields: Record<string, string> = {};
    for (const name of Object.keys(FIELDS) as FieldName[]) {
      const value = String(data.get(name) ?? '').trim();
      if (value || !OPTIONAL.has(name)) fields[name] = value;
    }
    fields.acquired_at = acquiredAt;
    setBusy(true);
    try {
      await props.beforeUpload();
      const answer = await authoring.uploadEvidence(props.draftId, chosen, fields);
      const browserHash = hash();
      setUploaded({
        file: answer.evidence.file,
        sha256: answer.evidence.sha256,
        size: answer.evidence.size,
        created: answer.created,
        matches: browserHash ? browserHash === answer.evidence.sha256 : undefined,
      });
      form.reset();
      fileInput.value = '';
      setFile(undefined);
      setHash(undefined);
      await props.onUploaded();
    } catch (failed) {
      const field = failed instanceof ApiError ? failed.field?.split('.').at(-1) : undefined;
      if (field && field in FIELDS) setFieldError({ field, message: failureMessage(failed) });
      else setError(failureMessage(failed));
    } finally {
      setBusy(false);
    }
  };

  /** A labelled input, with the server's error for it underneath when there is one. */
  const field = (
    name: FieldName,
    input: (id: string, describedBy: string | undefined) => JSX.Element,
    help?: string,
  ) => {
    const id = `${formId}-${name}`;
    const errorId = `${id}-error`;
    const helpId = `${id}-help`;
    return (
      <div class="field">
        <label for={id}>
          {t(FIELDS[name])}
          <Show when={OPTIONAL.has(name)}>
            {' '}
            <span class="muted small">{t('author.upload.optional')}</span>
          </Show>
        </label>
        {input(
          id,
          [help ? helpId : '', fieldError()?.field === name ? errorId : ''].filter(Boolean).join(' ') || undefined,
        )}
        <Show when={help}>
          <p id={helpId} class="muted small">
            {help}
          </p>
        </Show>
        <Show when={fieldError()?.field === name}>
          <p id={errorId} class="error small" role="alert">
            {fieldError()?.message}
          </p>
        </Show>
      </div>
    );
  };

  return (
    <form ref={form} class="evidence-upload" onSubmit={submit} aria-labelledby={`${formId}-heading`}>
      <h3 id={`${formId}-heading`}>{t('author.upload.title')}</h3>
      <FileDropZone
        testId="evidence-drop-zone"
        label={t('author.upload.dropZone')}
        prompt={t('author.upload.drop')}
        chooseLabel={t('author.upload.choose')}
        fileLabel={t('author.upload.fileLabel')}
        inputId={`${formId}-file`}
        inputRef={(input) => {
          fileInput = input;
        }}
        onFile={(chosen) => void choose(chosen)}
      >
        <Show when={file()}>
          {(chosen) => (
            <dl class="chosen-file" data-testid="chosen-file">
              <dt>{t('author.upload.file')}</dt>
              <dd>
                {chosen().name} ({formatBytes(chosen().size)})
              </dd>
              <dt>{t('author.upload.sha256')}</dt>
              <dd class="hash">{hashing() ? t('author.upload.hashing') : (hash() ?? t('author.upload.hashLater'))}</dd>
            </dl>
          )}
        </Show>
      </FileDropZone>
      <div class="upload-fields">
        {field(
          'id',
          (id, describedBy) => (
            <input
              id={id}
              name="id"
              required
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              maxlength="64"
              autocomplete="off"
              aria-describedby={describedBy}
            />
          ),
          t('author.upload.idHelp'),
        )}
        {field('title', (id, describedBy) => (
          <input id={id} name="title" required maxlength="120" autocomplete="off" aria-describedby={describedBy} />
        ))}
        {field('kind', (id, describedBy) => (
          <select id={id} name="kind" aria-describedby={describedBy}>
            <For each={KINDS}>{(kind) => <option value={kind}>{t(`author.kind.${kind}` as MessageKey)}</option>}</For>
          </select>
        ))}
        {field('description', (id, describedBy) => (
          <input id={id} name="description" maxlength="400" autocomplete="off" aria-describedby={describedBy} />
        ))}
      </div>
      <fieldset class="custody-fields">
        <legend>{t('author.upload.custody')}</legend>
        <p class="muted small">{t('author.upload.custodyHelp')}</p>
        <div class="upload-fields">
          {field(
            'source_device',
            (id, describedBy) => (
              <input id={id} name="source_device" required autocomplete="off" aria-describedby={describedBy} />
            ),
            t('author.upload.sourceDeviceHelp'),
          )}
          {field(
            'acquired_by',
            (id, describedBy) => (
              <input id={id} name="acquired_by" required autocomplete="off" aria-describedby={describedBy} />
            ),
            t('author.upload.acquiredByHelp'),
          )}
          {field(
            'acquired_at',
            (id, describedBy) => (
              <input id={id} name="acquired_at" type="datetime-local" required aria-describedby={describedBy} />
            ),
            t('author.upload.acquiredAtHelp', { zone: browserTimeZone() }),
          )}
          {field(
            'method',
            (id, describedBy) => (
              <input id={id} name="method" required autocomplete="off" aria-describedby={describedBy} />
            ),
            t('author.upload.methodHelp'),
          )}
          {field('notes', (id, describedBy) => (
            <input id={id} name="notes" autocomplete="off" aria-describedby={describedBy} />
          ))}
        </div>
      </fieldset>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <button type="submit" class="primary" disabled={busy() || hashing()}>
        {busy() ? t('author.upload.sending') : t('author.upload.submit')}
      </button>
      <Show when={uploaded()}>
        {(done) => (
          <div class="upload-result" role="status" data-testid="upload-result">
            <p class="success">
              {done().created
                ? t('author.upload.added', { file: done().file, size: formatBytes(done().size) })
                : t('author.upload.updated', { file: done().file, size: formatBytes(done().size) })}
            </p>
            <p>
              {t('author.upload.serverSha256')} <span class="hash">{done().sha256}</span>
            </p>
            <Show when={done().matches !== undefined}>
              <p class={done().matches ? 'success' : 'error'}>
                {done().matches ? t('author.upload.hashMatches') : t('author.upload.hashDiffers')}
              </p>
            </Show>
          </div>
        )}
      </Show>
    </form>
  );
}
