import { A } from '@solidjs/router';
import { t } from '../i18n/messages.ts';

/** An address that leads nowhere (a mistyped or outdated link): say so, and offer the way back. */
export default function NotFoundPage() {
  return (
    <section class="page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <A href="/" class="button primary">
          {t('error.backToLabs')}
        </A>
      </p>
    </section>
  );
}
