import { Show, type ParentProps } from 'solid-js';
import { t } from '../../i18n/messages.ts';
import { isStaff } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';

/** The instructor pages for instructors and administrators; a trainee who types the address is told, and nothing is fetched. */
export function StaffOnly(props: ParentProps) {
  const session = useSession();
  return (
    <Show
      when={isStaff(session.user())}
      fallback={
        <section class="page narrow" role="alert">
          <h1>{t('instructor.forbiddenTitle')}</h1>
          <p>{t('instructor.forbidden')}</p>
        </section>
      }
    >
      {props.children}
    </Show>
  );
}
