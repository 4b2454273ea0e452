import { createResource, createSignal, For, Show } from 'solid-js';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { createAction, StatusMessage } from '../../components/StatusMessage.tsx';
import { t } from '../../i18n/messages.ts';
import { ApiError } from '../../lib/api.ts';
import { authoring } from '../../lib/authoring.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { failureMessage } from '../../lib/failure-message.ts';

/** The versions of a lab kept on the server, the live one marked; any other can be made live again. */
export function VersionsPanel(props: { labId: string; refresh: number }) {
  const [versions, { refetch }] = createResource(
    () => ({ labId: props.labId, refresh: props.refresh }),
    async ({ labId }) => {
      try {
        return await authoring.versions(labId);
      } catch (failed) {
        // Neither installed nor ever published: nothing to list yet.
        if (failed instanceof ApiError && failed.status === 404) return undefined;
        throw failed;
      }
    },
  );
  const [restoring, setRestoring] = createSignal<number>();
  const { status, run } = createAction();
  const restore = async () => {
    const version = restoring();
    setRestoring(undefined);
    if (version === undefined) return;
    await run(async () => {
      await authoring.restore(props.labId, version);
      await refetch();
      return t('author.versions.restored', { version });
    });
  };
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t('author.versions.title')}</h2>
      <p class="muted">{t('author.versions.help')}</p>
      <StatusMessage status={status()} />
      <Show when={versions.state === 'errored'}>
        <p class="error" role="alert">
          {failureMessage(versions.error)}
        </p>
      </Show>
      <Show when={versions.state === 'ready' && versions() === undefined}>
        <p>{t('author.versions.none')}</p>
      </Show>
      <Show when={versions.latest}>
        {(list) => (
          <ul class="version-list" data-testid="version-list">
            <For each={list().versions}>
              {(version) => (
                <li class="version-item">
                  <div>
                    <strong>{t('author.versions.version', { version: version.version })}</strong>{' '}
                    <Show when={version.live}>
                      <span class="tag live-tag">{t('author.versions.live')}</span>
                    </Show>
                    <span class="muted small">
                      {' '}
                      {version.title} ·{' '}
                      {version.publishedAt
                        ? t('author.versions.publishedBy', {
                            name: version.publishedBy?.displayName ?? t('author.versions.someone'),
                            time: formatDateTime(version.publishedAt),
                          })
                        : t('author.versions.installed')}
                    </span>
                  </div>
                  <Show when={!version.live}>
                    <button
                      type="button"
                      aria-label={t('author.versions.restoreLabel', { version: version.version })}
                      onClick={() => setRestoring(version.version)}
                    >
                      {t('author.versions.restore')}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <ConfirmDialog
        open={restoring() !== undefined}
        title={t('author.versions.restoreTitle', { version: restoring() ?? '' })}
        confirmLabel={t('author.versions.restore')}
        onConfirm={() => void restore()}
        onCancel={() => setRestoring(undefined)}
      >
        <p>{t('author.versions.restoreText')}</p>
      </ConfirmDialog>
    </section>
  );
}
