import { createResource, createSignal, createUniqueId, For, Show } from 'solid-js';
import type { InferResponseType } from 'hono/client';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { Loaded } from '../components/Loaded.tsx';
import { t } from '../i18n/messages.ts';
import { type client, read, type EvidenceView } from '../lib/api.ts';
import { byteCount } from './byte-count.ts';
import { useLabSpace, type LabsApi } from '../lib/lab-space.tsx';

type MessageRoute = (typeof client.labs)[':labId']['evidence'][':evidenceId']['message'];
export type Mailbox = InferResponseType<MessageRoute['$get'], 200>;
type Message = Mailbox['messages'][number];
type Hop = Message['hops'][number];
type Attachment = Message['attachments'][number];

/** A UTC instant as the evidence shows one, unambiguous in any locale: 2024-03-12 08:14:25 UTC. */
const utcText = (iso: string) => t('views.email.utc', { time: iso.replace('T', ' ').replace(/\.\d+Z$|Z$/u, '') });

function attachmentUrl(labs: LabsApi, labId: string, evidenceId: string, message: number, index: number): string {
  return labs[':labId'].evidence[':evidenceId'].message.attachments[':index'].$path({
    param: { labId, evidenceId, index: String(index) },
    query: { message: String(message) },
  });
}

const hopColumns: Column<Hop>[] = [
  { header: t('views.email.hop'), rowHeader: true, cellClass: 'hop-number', cell: (hop) => hop.hop },
  { header: t('views.email.hopFrom'), cellClass: 'wrap-anywhere', cell: (hop) => hop.from ?? '—' },
  { header: t('views.email.hopBy'), cellClass: 'wrap-anywhere', cell: (hop) => hop.by ?? '—' },
  { header: t('views.email.hopWith'), cellClass: 'wrap-anywhere', cell: (hop) => hop.with ?? '—' },
  { header: t('views.email.hopId'), cellClass: 'mono wrap-anywhere', cell: (hop) => hop.id ?? '—' },
  { header: t('views.email.hopFor'), cellClass: 'wrap-anywhere', cell: (hop) => hop.for ?? '—' },
  {
    header: t('views.email.hopDate'),
    cellClass: 'wrap-anywhere',
    cell: (hop) => (
      <>
        {hop.date ?? '—'}
        <Show when={hop.dateUtc}>{(utc) => <span class="muted small block">{utcText(utc())}</span>}</Show>
      </>
    ),
  },
];

function HopTable(props: { hops: Hop[] }) {
  const heading = createUniqueId();
  return (
    <section class="mail-section">
      <h3 id={heading}>{t('views.email.hops')}</h3>
      <p class="muted small">{t('views.email.hopsHelp')}</p>
      <DataTable rows={props.hops} columns={hopColumns} labelId={heading} empty={t('views.email.noHops')} />
    </section>
  );
}

function Attachments(props: { labId: string; evidenceId: string; message: Message }) {
  const { labs } = useLabSpace();
  const heading = createUniqueId();
  const name = (attachment: Attachment) =>
    attachment.filename ?? t('views.email.unnamed', { number: attachment.index + 1 });
  const columns: Column<Attachment>[] = [
    { header: t('views.email.name'), rowHeader: true, cellClass: 'wrap-anywhere', cell: name },
    { header: t('views.email.type'), cellClass: 'mono', cell: (attachment) => attachment.mimeType },
    { header: t('views.email.size'), cellClass: 'nowrap', cell: (attachment) => byteCount(attachment.size) },
    {
      header: t('views.email.sha256'),
      cell: (attachment) => (
        <code class="hash" data-testid="attachment-sha256">
          {attachment.sha256}
        </code>
      ),
    },
    {
      header: t('views.email.download'),
      headerHidden: true,
      cell: (attachment) => (
        <a
          href={attachmentUrl(labs, props.labId, props.evidenceId, props.message.index, attachment.index)}
          download={attachment.filename ?? `attachment-${attachment.index + 1}.bin`}
          aria-label={t('views.email.downloadLabel', { name: name(attachment) })}
        >
          {t('views.email.download')}
        </a>
      ),
    },
  ];
  return (
    <section class="mail-section">
      <h3 id={heading}>{t('views.email.attachments', { count: props.message.attachments.length })}</h3>
      <DataTable
        rows={props.message.attachments}
        columns={columns}
        labelId={heading}
        empty={t('views.email.noAttachments')}
      />
    </section>
  );
}

/** One message: who and when, attachments, bodies (text only, never live HTML), hops and every header. */
function MessageDetails(props: { labId: string; evidenceId: string; message: Message }) {
  const textHeading = createUniqueId();
  const htmlHeading = createUniqueId();
  return (
    <article class="mail-message" aria-label={props.message.subject ?? t('views.email.noSubject')}>
      <dl class="mail-summary">
        <Show when={props.message.envelope}>
          {(envelope) => (
            <>
              <dt>{t('views.email.envelope')}</dt>
              <dd class="mono">{envelope()}</dd>
            </>
          )}
        </Show>
        <dt>{t('views.email.subject')}</dt>
        <dd>{props.message.subject ?? t('views.email.noSubject')}</dd>
        <dt>{t('views.email.from')}</dt>
        <dd>{props.message.from ?? '—'}</dd>
        <dt>{t('views.email.to')}</dt>
        <dd>{props.message.to ?? '—'}</dd>
        <dt>{t('views.email.date')}</dt>
        <dd>{props.message.date ?? '—'}</dd>
      </dl>
      <Attachments labId={props.labId} evidenceId={props.evidenceId} message={props.message} />
      <section class="mail-section">
        <h3 id={textHeading}>{t('views.email.text')}</h3>
        {/* Text nodes only: Solid escapes them, so nothing from the message becomes markup. */}
        <Show when={props.message.text !== null} fallback={<p class="muted">{t('views.email.noText')}</p>}>
          <pre class="mail-body" role="region" tabindex="0" aria-labelledby={textHeading}>
            {props.message.text}
          </pre>
        </Show>
      </section>
      <Show when={props.message.htmlAsText !== null}>
        <section class="mail-section">
          <h3 id={htmlHeading}>{t('views.email.html')}</h3>
          <p class="muted small">{t('views.email.htmlNote')}</p>
          <pre
            class="mail-body"
            role="region"
            tabindex="0"
            aria-labelledby={htmlHeading}
            data-testid="mail-html-as-text"
          >
            {props.message.htmlAsText}
          </pre>
        </section>
      </Show>
      <HopTable hops={props.message.hops} />
      <details class="mail-section mail-headers" open>
        <summary>
          <h3>{t('views.email.headers', { count: props.message.headers.length })}</h3>
        </summary>
        <div
          class="view-scroll"
          role="region"
          aria-label={t('views.email.headers', { count: props.message.headers.length })}
          tabindex="0"
        >
          <table class="mail-header-table">
            <thead>
              <tr>
                <th scope="col">{t('views.email.headerName')}</th>
                <th scope="col">{t('views.email.headerValue')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.message.headers}>
                {(header) => (
                  <tr>
                    <th scope="row" class="mono">
                      {header.name}
                    </th>
                    <td class="mono header-value">{header.value}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </article>
  );
}

/** An e-mail artefact: one .eml message, or the messages of an mbox with a list to choose from. */
export function EmailView(props: { labId: string; evidence: EvidenceView }) {
  const { labs } = useLabSpace();
  const [mailbox] = createResource(
    () => ({ labId: props.labId, evidenceId: props.evidence.id }),
    (param) => read(labs[':labId'].evidence[':evidenceId'].message.$get({ param })),
  );
  const [selected, setSelected] = createSignal(0);
  return (
    <Loaded resource={mailbox}>
      {(box) => (
        <div class="mail-view" data-testid="email-view">
          <Show when={box().messages.length > 1}>
            <nav class="mail-list" aria-label={t('views.email.messages', { count: box().messages.length })}>
              <h3>{t('views.email.messages', { count: box().messages.length })}</h3>
              <ol>
                <For each={box().messages}>
                  {(message) => (
                    <li>
                      <button
                        type="button"
                        class="mail-list-item"
                        aria-current={selected() === message.index ? 'true' : undefined}
                        onClick={() => setSelected(message.index)}
                      >
                        <span class="mail-list-subject">{message.subject ?? t('views.email.noSubject')}</span>
                        <span class="muted small">
                          {message.from ?? '—'} · {message.date ?? '—'}
                        </span>
                      </button>
                    </li>
                  )}
                </For>
              </ol>
              <Show when={box().truncated}>
                <p class="muted small">{t('views.email.truncated', { count: box().messages.length })}</p>
              </Show>
            </nav>
          </Show>
          <Show when={box().messages[selected()]} keyed>
            {(message) => <MessageDetails labId={props.labId} evidenceId={props.evidence.id} message={message} />}
          </Show>
        </div>
      )}
    </Loaded>
  );
}
