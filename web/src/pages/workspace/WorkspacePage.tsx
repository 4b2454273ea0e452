import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, Index, lazy, Show, Suspense, untrack } from 'solid-js';
import { EvidenceList } from '../../components/EvidenceList.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { SplitPanes } from '../../components/SplitPanes.tsx';
import { TaskCard } from '../../components/TaskCard.tsx';
import { t } from '../../i18n/messages.ts';
import { client, read, type LabView } from '../../lib/api.ts';
import { failureMessage } from '../../components/StatusMessage.tsx';

// Monaco is loaded only when the workspace needs an editor.
const EvidenceViewer = lazy(() => import('../../editor/EvidenceViewer.tsx'));
const NotesEditor = lazy(() => import('../../editor/NotesEditor.tsx'));

function LabSummary(props: { lab: LabView }) {
  const points = () => props.lab.tasks.reduce((total, task) => total + task.pointsEarned, 0);
  const max = () => props.lab.tasks.reduce((total, task) => total + task.points, 0);
  const hints = () => props.lab.tasks.reduce((total, task) => total + task.hints.filter((hint) => hint.unlocked).length, 0);
  const minutes = () => Math.max(1, Math.round((new Date(props.lab.completedAt!).getTime() - new Date(props.lab.startedAt).getTime()) / 60_000));
  return (
    <section class="lab-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">{t('summary.title')}</h2>
      <dl class="summary-grid">
        <dt>{t('summary.score')}</dt>
        <dd data-testid="summary-score">{t('workspace.score', { points: points(), max: max() })}</dd>
        <dt>{t('summary.time')}</dt>
        <dd>{t('summary.minutes', { minutes: minutes() })}</dd>
        <dt>{t('summary.hints')}</dt>
        <dd>{hints()}</dd>
      </dl>
    </section>
  );
}

/** "3. Compromised account" for a task id, as the task list numbers them. */
function taskTitle(lab: LabView, taskId: string): string {
  const index = lab.tasks.findIndex((task) => task.id === taskId);
  return index < 0 ? taskId : `${index + 1}. ${lab.tasks[index]!.title}`;
}

export default function WorkspacePage() {
  const params = useParams<{ labId: string }>();
  const [lab, { refetch }] = createResource(
    () => params.labId,
    async (labId) => (await read(client.labs[':labId'].$get({ param: { labId } }))).lab,
  );
  const [openEvidence, setOpenEvidence] = createSignal<string>();
  // `latest` keeps showing the lab while it is fetched again after an answer, instead of suspending
  // the page (which would throw away open editors and the feedback just shown).
  const current = () => lab.latest;
  const selected = () => current()?.evidence.find((item) => item.id === openEvidence());
  const points = () => current()?.tasks.reduce((total, task) => total + task.pointsEarned, 0) ?? 0;
  const max = () => current()?.tasks.reduce((total, task) => total + task.points, 0) ?? 0;
  const briefOpenAtFirst = () => untrack(() => !current()?.tasks.some((task) => task.attempts > 0));

  return (
    <Show
      when={current()}
      fallback={
        lab.error ? (
          <div class="error-panel" role="alert">
            <h1>{t('error.title')}</h1>
            <p>{failureMessage(lab.error)}</p>
            <A href="/">{t('workspace.back')}</A>
          </div>
        ) : (
          <p class="loading">{t('loading')}</p>
        )
      }
    >
      {(view) => (
        <div class="workspace">
          <div class="workspace-header">
            <A href="/" class="small">
              ← {t('workspace.back')}
            </A>
            <h1>{view().title}</h1>
            <span class="score" data-testid="lab-score">
              {t('workspace.score', { points: points(), max: max() })}
            </span>
          </div>
          <Show when={view().state === 'closed'}>
            <p class="notice">{t('workspace.closed')}</p>
          </Show>
          <SplitPanes
            initial={[36, 40, 24]}
            panes={[
              {
                id: 'pane-case',
                label: t('workspace.tasks'),
                content: (
                  <>
                    <Show when={view().completedAt}>
                      <LabSummary lab={view()} />
                    </Show>
                    <details class="brief" open={briefOpenAtFirst()}>
                      <summary>
                        <h2>{t('workspace.brief')}</h2>
                      </summary>
                      <Markdown source={view().brief} />
                    </details>
                    <h2>{t('workspace.tasks')}</h2>
                    <Index each={view().tasks}>{(task, index) => <TaskCard labId={view().id} task={task()} index={index} readOnly={view().state === 'closed'} titleOf={(taskId) => taskTitle(view(), taskId)} onChanged={() => void refetch()} />}</Index>
                  </>
                ),
              },
              {
                id: 'pane-evidence',
                label: t('workspace.evidence'),
                content: (
                  <>
                    <h2>{t('workspace.evidence')}</h2>
                    <EvidenceList labId={view().id} evidence={view().evidence} selected={openEvidence()} onOpen={setOpenEvidence} />
                    <Show when={selected()} keyed>
                      {(item) => (
                        <Suspense fallback={<p class="loading">{t('loading')}</p>}>
                          <EvidenceViewer labId={view().id} evidence={item} />
                        </Suspense>
                      )}
                    </Show>
                  </>
                ),
              },
              {
                id: 'pane-notes',
                label: t('workspace.notes'),
                content: (
                  <>
                    <h2>{t('workspace.notes')}</h2>
                    <Suspense fallback={<p class="loading">{t('loading')}</p>}>
                      <NotesEditor labId={view().id} />
                    </Suspense>
                  </>
                ),
              },
            ]}
          />
        </div>
      )}
    </Show>
  );
}
