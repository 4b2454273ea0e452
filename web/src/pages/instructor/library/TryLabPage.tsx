import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createMemo, Show } from 'solid-js';
import { t } from '../../../i18n/messages.ts';
import { LabSpaceProvider, previewLabs, previewVariantIn, type LabSpace } from '../../../lib/lab-space.tsx';
import WorkspacePage from '../../workspace/WorkspacePage.tsx';
import { StaffOnly } from '../StaffOnly.tsx';

/** A new preview variant's seed: 12 hexadecimal digits, as the server expects (preview-workspace.ts). */
function newVariant(): string {
  return [...crypto.getRandomValues(new Uint8Array(6))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * "Try it as a trainee": the trainee's own workspace over a preview variant of an installed lab. The
 * variant is in the address (?variant=), so a reload keeps the tries made on it; "Another variant"
 * starts afresh on new data. Everything is checked as a trainee's would be and stored nowhere.
 */
export default function TryLabPage() {
  const params = useParams<{ labId: string }>();
  const [search, setSearch] = useSearchParams<{ variant?: string }>();
  const navigate = useNavigate();
  const variant = () => previewVariantIn(search.variant);
  if (!variant()) setSearch({ variant: newVariant() }, { replace: true });

  const space = createMemo((): LabSpace | undefined => {
    const seed = variant();
    if (!seed) return undefined;
    return {
      labs: previewLabs(seed),
      drafts: `preview/${seed}`,
      back: { href: '/instructor/library', label: t('library.title') },
      notice: () => (
        <div class="notice preview-notice" role="note">
          <p>{t('try.notice', { variant: seed })}</p>
          <div class="preview-notice-actions">
            <button
              type="button"
              class="secondary"
              onClick={() => navigate(`/instructor/library/${params.labId}/try?variant=${newVariant()}`)}
            >
              {t('try.another')}
            </button>
            <A href={`/instructor/library/${params.labId}?variant=${seed}`}>{t('try.answers')}</A>
          </div>
        </div>
      ),
    };
  });

  return (
    <StaffOnly>
      <Show when={space()} keyed>
        {(current) => (
          <LabSpaceProvider space={current}>
            <WorkspacePage />
          </LabSpaceProvider>
        )}
      </Show>
    </StaffOnly>
  );
}
