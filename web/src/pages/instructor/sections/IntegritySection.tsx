import { createResource } from 'solid-js';
import { IntegrityTables } from '../../../components/IntegrityTables.tsx';
import { Loaded } from '../../../components/Loaded.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read } from '../../../lib/api.ts';

/** Integrity signals of a cohort, for the instructor to look into. */
export function IntegritySection(props: { cohortId: number }) {
  const [signals] = createResource(() =>
    read(client.instructor.cohorts[':cohortId'].integrity.$get({ param: { cohortId: String(props.cohortId) } })),
  );
  return (
    <section aria-labelledby="integrity-title">
      <h2 id="integrity-title">{t('integrity.title')}</h2>
      <p class="muted small">{t('integrity.help')}</p>
      <Loaded resource={signals}>{(data) => <IntegrityTables signals={data()} />}</Loaded>
    </section>
  );
}
