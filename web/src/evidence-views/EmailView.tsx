import { createResource, createSignal, createUniqueId, For, Show } from 'solid-js';
import type { InferResponseType } from 'hono/client';
import { Loaded } from '../components/Loaded.tsx';
import { t } from '../i18n/messages.ts';
import { client, read, type EvidenceView } from '../lib/api.ts';
import { byteCount } from './byte-count.ts';

type MessageRoute = (typeof client.labs)[':labId']['evidence'][':evidenceId']['message'];
export type Mailbox = InferResponseType<MessageRoute['$get'], 200>;
type Message = Mailbox['messages'][number];
type Hop = Message['hops'][number];

/** A UTC instant as the evidence shows one, unambiguous in any locale: 2024-03-12 08:14:25 UTC. */
const utcText = (iso: string) => t('views.email.utc', { time: iso.replace('T', ' ').replace(/\.\d+Z$|Z$/u, '') });

function attachmentUrl(labId: string, evidenceId: string, message: number, index: number): string {
  return client.labs[':labId'].evidence[':evidenceId'].message.attachments[':index'].$path({
    param: { labId, evidenceId, index: String(index) },
    query: { message: String(message) },
  });
}

function HopTable(props: { hops: Hop[] }) {
  const heading = createUniqueId();
  return (
    <section class="mail-section">
      <h3 id={heading}>{t('views.email.hops')}</h3>
      <p class="muted small">{t('views.email.hopsHelp')}</p>
      <Show when={props.hops.length > 0} fallback={<p class="muted">{t('views.email.noHops')}</p>}>
        <div class="view-scroll" role="region" aria-labelledby={heading} tabindex="0">
          <table class="mail-hops">
            <thead>
              <tr>
                <th scope="col">{t('views.email.hop')}</th>
                <th scope="col">{t('views.email.hopFrom')}</th>
                <th scope="col">{t('views.email.hopBy')}</th>
                <th scope="col">{t('views.email.hopWith')}</th>
                <th scope="col">{t('views.email.hopId')}</th>
                <th scope="col">{t('views.email.hopFor')}</th>
                <th scope="col">{t('views.email.hopDate')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.hops}>
                {(hop) => (
                  <tr>
                    <th scope="row" class="hop-number">
                      {hop.hop}
                    </th>
                    <td>{hop.from ?? '—'}</td>
                    <td>{hop.by ?? '—'}</td>
                    <td>{hop.with ?? '—'}</td>
                    <td class="mono">{hop.id ?? '—'}</td>
                    <td>{hop.for ?? '—'}</td>
                    <td>
                      {hop.date ?? '—'}
                      <Show when={hop.dateUtc}>{(utc) => <span class="muted small block">{utcText(utc())}</span>}</Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}

function Attachments(props: { labId: string; evidenceId: string; message: Message }) {
  const heading = createUniqueId();
  return (
    <section class="mail-section">
      <h3 id={heading}>{t('views.email.attachments', { count: props.message.attachments.length })}</h3>
      <Show when={props.message.attachments.length > 0} fallback={<p class="muted">{t('views.email.noAttachments')}</p>}>
        <div class="view-scroll" role="region" aria-labelledby={heading} tabindex="0">
          <table class="mail-attachments">
            <thead>
              <tr>
                <th scope="col">{t('views.email.name')}</th>
                <th scope="col">{t('views.email.type')}</th>
                <th scope="col">{t('views.email.size')}</th>
                <th scope="col">{t('views.email.sha256')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('views.email.download')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={props.message.attachments}>
                {(attachment) => {
                  const name = () => attachment.filename ?? t('views.email.unnamed', { number: attachment.index + 1 });
                  return (
                    <tr>
                      <th scope="row" class="attachment-name">
                        {name()}
                      </th>
                      <td class="mono">{attachment.mimeType}</td>
                      <td class="nowrap">{byteCount(attachment.size)}</td>
                      <td>
                        <code class="hash" data-testid="attachment-sha256">
                          {attachment.sha256}
                        </code>
                      </td>
                      <td>
                        <a
                          href={attachmentUrl(props.labId, props.evidenceId, props.message.index, attachment.index)}
                          download={attachment.filename ?? `attachment-${attachment.index + 1}.bin`}
                          aria-label={t('views.email.downloadLabel', { name: name() })}
                        >
                          {t('views.email.download')}
                        </a>
                      </td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
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
          <pre class="mail-body" role="region" tabindex="0" aria-labelledby={htmlHeading} data-testid="mail-html-as-text">
            {props.message.htmlAsText}
          </pre>
        </section>
      </Show>
      <HopTable hops={props.message.hops} />
      <details class="mail-section mail-headers" open>
        <summary>
          <h3>{t('views.email.headers', { count: props.message.headers.length })}</h3>
        </summary>
        <div class="view-scroll" role="region" aria-label={t('views.email.headers', { count: props.message.headers.length })} tabindex="0">
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
  const [mailbox] = createResource(
    () => ({ labId: props.labId, evidenceId: props.evidence.id }),
    (param) => read(client.labs[':labId'].evidence[':evidenceId'].message.$get({ param })),
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
                      <button type="button" class="mail-list-item" aria-current={selected() === message.index ? 'true' : undefined} onClick={() => setSelected(message.index)}>
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
