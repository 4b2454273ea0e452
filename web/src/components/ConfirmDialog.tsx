import { createEffect, createUniqueId, type JSX } from 'solid-js';
import { t } from '../i18n/messages.ts';

/** A modal question with a confirm and a cancel button (the native <dialog>: focus and Escape handled by the browser). */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: JSX.Element;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  let dialog!: HTMLDialogElement;
  // Unique, so that several dialogs can live on one page.
  const titleId = `confirm-title-${createUniqueId()}`;
  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onCancel={() => props.onCancel()} class="confirm-dialog">
      <h2 id={titleId}>{props.title}</h2>
      <div>{props.children}</div>
      <div class="row end">
        <button type="button" onClick={() => props.onCancel()}>
          {t('task.cancel')}
        </button>
        <button type="button" class="primary" onClick={() => props.onConfirm()}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
