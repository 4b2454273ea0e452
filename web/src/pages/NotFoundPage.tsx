import { A } from '@solidjs/router';
import { t } from '../i18n/messages.ts';

export default function NotFoundPage() {
  return (
    <section class="page narrow">
      <h1>404</h1>
      <p>
        <A href="/">{t('nav.labs')}</A>
      </p>
    </section>
  );
}
