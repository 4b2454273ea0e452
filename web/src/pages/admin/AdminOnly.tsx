import { Show, type ParentProps } from 'solid-js';
import { t } from '../../i18n/messages.ts';
import { useSession } from '../../lib/session.tsx';

/** The administration pages for administrators; anyone else who types the address is told, and nothing is fetched. */
export function AdminOnly(props: ParentProps) {
  const session = useSession();
  return (
    <Show
      when={session.user()?.role === 'admin'}
      fallback={
        <section class="page narrow" role="alert">
          <h1>{t('admin.forbiddenTitle')}</h1>
          <p>{t('admin.forbidden')}</p>
        </section>
      }
    >
      {props.children}
    </Show>
  );
}
