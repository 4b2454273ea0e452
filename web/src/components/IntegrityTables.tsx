import { For, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { IntegritySignals } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';

/** Signs of work that may not be the trainee's own: answers that are another member's correct value, and implausibly fast solves. */
export function IntegrityTables(props: { signals: IntegritySignals }) {
  return (
    <>
      <section aria-labelledby="sharing-title">
        <h3 id="sharing-title">{t('integrity.sharing')}</h3>
        <p class="muted small">{t('integrity.sharingHelp')}</p>
        <Show when={props.signals.answerSharing.length > 0} fallback={<p>{t('integrity.none')}</p>}>
          <div class="table-scroll" tabindex="0" role="region" aria-labelledby="sharing-title">
            <table class="data-table" data-testid="sharing-table">
              <thead>
                <tr>
                  <th scope="col">{t('integrity.at')}</th>
                  <th scope="col">{t('integrity.submitter')}</th>
                  <th scope="col">{t('integrity.owner')}</th>
                  <th scope="col">{t('integrity.answer')}</th>
                  <th scope="col">{t('integrity.task')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={props.signals.answerSharing}>
                  {(signal) => (
                    <tr>
                      <td>{formatDateTime(signal.at)}</td>
                      <td>{signal.submitter.displayName}</td>
                      <td>{signal.owner.displayName}</td>
                      <td>
                        <code>{signal.answer}</code>
                      </td>
                      <td>
                        {signal.task.title}
                        <span class="muted small block">{signal.lab.title}</span>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>
      <section aria-labelledby="fast-title">
        <h3 id="fast-title">{t('integrity.fast')}</h3>
        <p class="muted small">{t('integrity.fastHelp')}</p>
        <Show when={props.signals.fastSolves.length > 0} fallback={<p>{t('integrity.none')}</p>}>
          <div class="table-scroll" tabindex="0" role="region" aria-labelledby="fast-title">
            <table class="data-table" data-testid="fast-table">
              <thead>
                <tr>
                  <th scope="col">{t('integrity.trainee')}</th>
                  <th scope="col">{t('integrity.task')}</th>
                  <th scope="col">{t('integrity.solvedAt')}</th>
                  <th scope="col" class="number">
                    {t('integrity.minutes')}
                  </th>
                  <th scope="col" class="number">
                    {t('integrity.plausible')}
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={props.signals.fastSolves}>
                  {(signal) => (
                    <tr>
                      <td>{signal.trainee.displayName}</td>
                      <td>
                        {signal.task.title}
                        <span class="muted small block">{signal.lab.title}</span>
                      </td>
                      <td>{formatDateTime(signal.solvedAt)}</td>
                      <td class="number">{signal.minutes}</td>
                      <td class="number">{signal.minPlausibleMinutes}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>
    </>
  );
}
