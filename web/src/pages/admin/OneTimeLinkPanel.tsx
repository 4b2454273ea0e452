import { createSignal, onMount, Show } from 'solid-js';
import { t } from '../../i18n/messages.ts';
import { linkAddress, type OneTimeLink } from '../../lib/admin-accounts.ts';
import { formatDateTime } from '../../lib/datetime.ts';

/**
 * A one-time link to set a password, shown once after a create or a reset: the address to copy, its
 * expiry, and a reminder that it will not be shown again. The server keeps only a hash of it.
 */
export function OneTimeLinkPanel(props: { link: OneTimeLink; name: string; onDone: () => void }) {
  const [copied, setCopied] = createSignal<boolean>();
  let field!: HTMLInputElement;
  let heading!: HTMLHeadingElement;
  // The panel appears above the list, maybe out of view: its heading takes the focus, and so the view.
  onMount(() => heading.focus());
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(linkAddress(props.link));
      setCopied(true);
    } catch {
      // No clipboard (a page not served over HTTPS, a refused permission): the address is selected to copy by hand.
      field.select();
      setCopied(false);
    }
  };
  return (
    <section class="one-time-link" aria-labelledby="one-time-link-title">
      <h2 id="one-time-link-title" ref={heading} tabindex="-1">
        {t(props.link.purpose === 'reset' ? 'admin.link.titleReset' : 'admin.link.titleNew', { name: props.name })}
      </h2>
      <p>{t('admin.link.help', { name: props.name })}</p>
      <label for="one-time-link">{t('admin.link.address')}</label>
      <div class="row">
        <input
          id="one-time-link"
          ref={field}
          readonly
          value={linkAddress(props.link)}
          onFocus={(event) => event.currentTarget.select()}
          data-testid="one-time-link"
        />
        <button type="button" class="primary" onClick={copy}>
          {t('admin.link.copy')}
        </button>
      </div>
      <p role="status">
        <Show when={copied() !== undefined}>{copied() ? t('admin.link.copied') : t('admin.link.copyByHand')}</Show>
      </p>
      <p>
        <strong>{t('admin.link.expires', { time: formatDateTime(props.link.expiresAt) })}</strong>{' '}
        {t('admin.link.once')}
      </p>
      <button type="button" onClick={() => props.onDone()}>
        {t('admin.link.done')}
      </button>
    </section>
  );
}
