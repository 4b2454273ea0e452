import { For, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { CohortMember } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';

/** The members of a cohort, each with a button to remove them. */
export function MemberTable(props: { members: CohortMember[]; onRemove: (member: CohortMember) => void }) {
  return (
    <Show when={props.members.length > 0} fallback={<p>{t('members.empty')}</p>}>
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby="members-caption">
        <table class="data-table" data-testid="member-table">
          <caption id="members-caption" class="visually-hidden">
            {t('members.title')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('members.name')}</th>
              <th scope="col">{t('members.username')}</th>
              <th scope="col">{t('members.joinedAt')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('members.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.members}>
              {(member) => (
                <tr>
                  <th scope="row">{member.displayName}</th>
                  <td>
                    <code>{member.username}</code>
                  </td>
                  <td>{formatDateTime(member.joinedAt)}</td>
                  <td>
                    <button type="button" class="link-button danger" onClick={() => props.onRemove(member)}>
                      {t('members.remove', { name: member.displayName })}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
