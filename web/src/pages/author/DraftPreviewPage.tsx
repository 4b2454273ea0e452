import { A, useParams } from '@solidjs/router';
import { t } from '../../i18n/messages.ts';
import { authoring } from '../../lib/authoring.ts';
import { LabPreview } from '../instructor/library/LabPreviewPage.tsx';
import { AuthorsOnly } from './AuthorsOnly.tsx';

/** A draft as a trainee would find it once published: the library's preview, of the draft's files. */
export default function DraftPreviewPage() {
  const params = useParams<{ draftId: string }>();
  return (
    <AuthorsOnly>
      {() => (
        <LabPreview
          labKey={params.draftId}
          load={(reveal) => authoring.preview(Number(params.draftId), reveal)}
          back={<A href={`/author/drafts/${params.draftId}`}>← {t('author.preview.back')}</A>}
        />
      )}
    </AuthorsOnly>
  );
}
