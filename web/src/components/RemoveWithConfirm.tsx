import { t } from '../i18n/messages.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import type { Column } from './DataTable.tsx';
import { failureStatus, type Status } from './StatusMessage.tsx';

/**
 * The question before removing something, open while `item` is set. Confirming closes it, runs
 * `remove` (which resolves to the sentence that reports success) and reports the outcome as a
 * status; `onRemoved` follows a success.
 */
export function RemoveWithConfirm<Item>(props: {
  item: Item | undefined;
  title: string;
  confirmLabel: string;
  question: (item: Item) => string;
  remove: (item: Item) => Promise<string>;
  onClose: () => void;
  onOutcome: (status: Status) => void;
  onRemoved: () => void;
}) {
  const confirm = async () => {
    const item = props.item;
    if (item === undefined) return;
    props.onClose();
    try {
      props.onOutcome({ text: await props.remove(item), error: false });
      props.onRemoved();
    } catch (error) {
      props.onOutcome(failureStatus(error));
    }
  };
  return (
    <ConfirmDialog
      open={props.item !== undefined}
      title={props.title}
      confirmLabel={props.confirmLabel}
      onConfirm={() => void confirm()}
      onCancel={() => props.onClose()}
    >
      <p>{props.item === undefined ? '' : props.question(props.item)}</p>
    </ConfirmDialog>
  );
}

/** A DataTable column of buttons, each asking to remove its row (the heading is for screen readers only). */
export function removeColumn<Row>(label: (row: Row) => string, onRemove: (row: Row) => void): Column<Row> {
  return {
    header: t('members.actions'),
    headerHidden: true,
    cell: (row) => (
      <button type="button" class="link-button danger" onClick={() => onRemove(row)}>
        {label(row)}
      </button>
    ),
  };
}
