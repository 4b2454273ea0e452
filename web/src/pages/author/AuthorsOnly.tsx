import { Match, Switch, type JSX } from 'solid-js';
import { latestOf } from '../../components/Loaded.tsx';
import { failureMessage } from '../../components/StatusMessage.tsx';
import { t } from '../../i18n/messages.ts';
import { useAuthorAccess, type AuthorAccess } from '../../lib/author-access.ts';

/** The authoring pages for lab authors; anyone else who types the address is told, and nothing is fetched. */
export function AuthorsOnly(props: { children: (access: AuthorAccess) => JSX.Element }) {
  const access = useAuthorAccess();
  return (
    <Switch fallback={<p class="loading">{t('loading')}</p>}>
      <Match when={access.state === 'errored'}>
        <p class="error" role="alert">
          {failureMessage(access.error)}
        </p>
      </Match>
      <Match when={latestOf(access)?.canAuthor === false}>
        <section class="page narrow" role="alert">
          <h1>{t('author.forbiddenTitle')}</h1>
          <p>{t('author.forbidden')}</p>
        </section>
      </Match>
      <Match when={latestOf(access)?.canAuthor && latestOf(access)}>{(granted) => props.children(granted())}</Match>
    </Switch>
  );
}
