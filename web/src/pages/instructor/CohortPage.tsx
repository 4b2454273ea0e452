import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { t } from '../../i18n/messages.ts';
import { client, read, type CohortDetails } from '../../lib/api.ts';
import { AnalyticsSection } from './sections/AnalyticsSection.tsx';
import { AssignmentsSection } from './sections/AssignmentsSection.tsx';
import { IntegritySection } from './sections/IntegritySection.tsx';
import { MembersSection } from './sections/MembersSection.tsx';
import { ProgressSection } from './sections/ProgressSection.tsx';
import { RecordsSection } from './sections/RecordsSection.tsx';
import { ReviewsSection } from './sections/ReviewsSection.tsx';
import { StaffOnly } from './StaffOnly.tsx';
import { failureMessage } from '../../components/StatusMessage.tsx';

const SECTIONS = ['members', 'assignments', 'progress', 'analytics', 'reviews', 'records', 'integrity'] as const;
type Section = (typeof SECTIONS)[number];

/** The join code trainees type to join, and a button to replace it (the old one stops working). */
function JoinCode(props: { details: CohortDetails; onRotated: () => void }) {
  const [confirming, setConfirming] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const rotate = async () => {
    setConfirming(false);
    try {
      await read(
        client.cohorts[':cohortId']['join-code'].$post({ param: { cohortId: String(props.details.cohort.id) } }),
      );
      setError(undefined);
      props.onRotated();
    } catch (failure) {
      setError(failureMessage(failure));
    }
  };
  return (
    <div class="join-code-box">
      <p>
        <span id="join-code-label">{t('cohorts.joinCode')}</span>{' '}
        <code class="join-code large" data-testid="join-code">
          {props.details.cohort.joinCode}
        </code>
      </p>
      <button type="button" onClick={() => setConfirming(true)}>
        {t('cohorts.rotate')}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <ConfirmDialog
        open={confirming()}
        title={t('cohorts.rotateTitle')}
        confirmLabel={t('cohorts.rotateConfirm')}
        onConfirm={() => void rotate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('cohorts.rotateText')}</p>
      </ConfirmDialog>
    </div>
  );
}

function CohortDashboard(props: { cohortId: number; section: Section }) {
  const [details, { refetch }] = createResource(() =>
    read(client.cohorts[':cohortId'].$get({ param: { cohortId: String(props.cohortId) } })),
  );
  const base = () => `/instructor/cohorts/${props.cohortId}`;
  return (
    <section class="page wide">
      <p class="small">
        <A href="/instructor">← {t('instructor.back')}</A>
      </p>
      <Loaded resource={details}>
        {(data) => (
          <>
            <div class="cohort-head">
              <h1>{data().cohort.name}</h1>
              <JoinCode details={data()} onRotated={() => void refetch()} />
              <A href={`/scoreboard/${props.cohortId}`}>{t('cohorts.scoreboard')}</A>
            </div>
            <nav class="section-nav" aria-label={t('instructor.sections')}>
              <ul>
                <For each={SECTIONS}>
                  {(section) => (
                    <li>
                      <A href={section === 'members' ? base() : `${base()}/${section}`} end>
                        {t(`instructor.section.${section}`)}
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </nav>
            <Switch>
              <Match when={props.section === 'members'}>
                <MembersSection details={data()} onChanged={() => void refetch()} />
              </Match>
              <Match when={props.section === 'assignments'}>
                <AssignmentsSection details={data()} onChanged={() => void refetch()} />
              </Match>
              <Match when={props.section === 'progress'}>
                <ProgressSection cohortId={props.cohortId} />
              </Match>
              <Match when={props.section === 'analytics'}>
                <AnalyticsSection cohortId={props.cohortId} />
              </Match>
              <Match when={props.section === 'reviews'}>
                <ReviewsSection cohortId={props.cohortId} />
              </Match>
              <Match when={props.section === 'records'}>
                <RecordsSection cohortId={props.cohortId} />
              </Match>
              <Match when={props.section === 'integrity'}>
                <IntegritySection cohortId={props.cohortId} />
              </Match>
            </Switch>
          </>
        )}
      </Loaded>
    </section>
  );
}

/** One cohort on the instructor dashboard: its join code, and a section per task of running it. */
export default function CohortPage() {
  const params = useParams<{ cohortId: string; section?: string }>();
  const section = (): Section | undefined => {
    const chosen = params.section ?? 'members';
    return (SECTIONS as readonly string[]).includes(chosen) ? (chosen as Section) : undefined;
  };
  return (
    <StaffOnly>
      <Show when={section()} fallback={<p class="page error">{t('instructor.noSection')}</p>}>
        {(chosen) => (
          <Show when={Number(params.cohortId)} keyed fallback={<p class="page error">{t('scoreboard.notFound')}</p>}>
            {(cohortId) => <CohortDashboard cohortId={cohortId} section={chosen()} />}
          </Show>
        )}
      </Show>
    </StaffOnly>
  );
}
