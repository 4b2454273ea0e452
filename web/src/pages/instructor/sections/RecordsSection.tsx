import { createResource } from 'solid-js';
import { AuditTable } from '../../../components/AuditTable.tsx';
import { Loaded } from '../../../components/Loaded.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, urls } from '../../../lib/api.ts';

/** How many audit entries are listed. */
const AUDIT_ENTRIES = 200;

/** The grade export and the cohort's audit log. */
export function RecordsSection(props: { cohortId: number }) {
  const [audit] = createResource(() =>
    read(
      client.instructor.cohorts[':cohortId'].audit.$get({
        param: { cohortId: String(props.cohortId) },
        query: { limit: String(AUDIT_ENTRIES) },
      }),
    ),
  );
  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">{t('records.title')}</h2>
      <p>
        <a class="button primary" href={urls.gradesCsv(props.cohortId)} download="" data-testid="grades-csv">
          {t('records.grades')}
        </a>
      </p>
      <p class="muted small">{t('records.gradesHelp')}</p>
      <h3 id="audit-title">{t('audit.title')}</h3>
      <Loaded resource={audit}>{(data) => <AuditTable entries={data().entries} />}</Loaded>
    </section>
  );
}
